package io.meshperf.lab.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The small program the lab's network check runs inside its namespaces, as a separate JVM (a JVM
 * cannot enter another network namespace itself):
 * <ul>
 *   <li>{@code serve NAME PORT}: answers every TCP connection and every UDP datagram on PORT with
 *       NAME, so a client learns which pod served it; prints {@code ready} once both are bound.</li>
 *   <li>{@code check CHECK...}: runs each check and prints one line {@code CHECK name=count,...}:
 *       {@code tcp:PORT:COUNT:HOST} opens COUNT fresh connections, {@code udp:PORT:COUNT:HOST} sends
 *       from COUNT fresh sockets (each a new flow, so each draws a backend anew), {@code icmp:HOST}
 *       sends an ICMP echo (Java uses ICMP when it runs as root). Failures count as
 *       {@value #FAILED}.</li>
 * </ul>
 * Exit status 0 when it ran (whatever the checks found), 2 on bad arguments.
 */
public final class LabProbe {

    /** The name counted for a connection or datagram that got no answer. */
    public static final String FAILED = "failed";
    private static final int TIMEOUT_MS = 2000;

    private LabProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("serve")) {
            serve(args[1], Integer.parseInt(args[2]));
        } else if (args.length > 1 && args[0].equals("check")) {
            for (int i = 1; i < args.length; i++) {
                System.out.println(args[i] + " " + format(check(args[i])));
            }
        } else {
            System.err.println("usage: LabProbe serve NAME PORT | check tcp:PORT:COUNT:HOST|udp:PORT:COUNT:HOST|icmp:HOST...");
            System.exit(2);
        }
    }

    /** Parses a {@code check} output line's counts: {@code n1-p1=3,failed=1}. */
    public static Map<String, Long> parseCounts(String counts) {
        Map<String, Long> parsed = new TreeMap<>();
        for (String pair : counts.strip().split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                parsed.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return parsed;
    }

    private static void serve(String name, int port) throws IOException {
        byte[] answer = (name + "\n").getBytes(StandardCharsets.UTF_8);
        ServerSocket tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        tcp.bind(new InetSocketAddress(port), 512);
        DatagramSocket udp = new DatagramSocket(port);
        Thread tcpThread = new Thread(() -> acceptLoop(tcp, answer), "probe-tcp");
        tcpThread.setDaemon(true);
        tcpThread.start();
        System.out.println("ready");
        System.out.flush();
        byte[] buffer = new byte[512];
        while (true) {
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            udp.receive(in);
            udp.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
        }
    }

    private static void acceptLoop(ServerSocket server, byte[] answer) {
        while (true) {
            try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                out.write(answer);
            } catch (IOException e) {
                // One client going away mid-answer must not stop the server; the client counts it.
                System.err.println("answer failed: " + e.getMessage());
            }
        }
    }

    private static Map<String, Long> check(String spec) throws IOException {
        String[] parts = spec.split(":");
        Map<String, Long> counts = new TreeMap<>();
        if (parts.length == 2 && parts[0].equals("icmp")) {
            boolean up = InetAddress.getByName(parts[1]).isReachable(TIMEOUT_MS);
            counts.put(up ? "reachable" : FAILED, 1L);
            return counts;
        }
        if (parts.length != 4 || !(parts[0].equals("tcp") || parts[0].equals("udp"))) {
            throw new IllegalArgumentException("bad check '" + spec + "'");
        }
        int port = Integer.parseInt(parts[1]);
        int count = Integer.parseInt(parts[2]);
        InetSocketAddress target = new InetSocketAddress(parts[3], port);
        for (int i = 0; i < count; i++) {
            String name = parts[0].equals("tcp") ? askTcp(target) : askUdp(target);
            counts.merge(name, 1L, Long::sum);
        }
        return counts;
    }

    private static String askTcp(InetSocketAddress target) {
        try (Socket socket = new Socket()) {
            socket.connect(target, TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            return line == null || line.isBlank() ? FAILED : line.strip();
        } catch (IOException e) {
            return FAILED;
        }
    }

    private static String askUdp(InetSocketAddress target) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(TIMEOUT_MS);
            byte[] ask = {'?'};
            socket.send(new DatagramPacket(ask, ask.length, target));
            byte[] buffer = new byte[512];
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            socket.receive(in);
            return new String(buffer, 0, in.getLength(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // A timeout (no answer) or an ICMP port unreachable (ECONNREFUSED): the datagram failed.
            return FAILED;
        }
    }

    private static String format(Map<String, Long> counts) {
        List<String> pairs = new ArrayList<>();
        counts.forEach((k, v) -> pairs.add(k + "=" + v));
        return String.join(",", pairs);
    }
}

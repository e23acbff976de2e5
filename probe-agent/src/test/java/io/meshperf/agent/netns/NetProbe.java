package io.meshperf.agent.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A tiny program the integration tests run inside namespaces, as a separate JVM:
 * {@code listen PORT} echoes one line per TCP connection until killed; {@code tcp HOST PORT}
 * sends one line and prints the echo; {@code ping HOST} sends ICMP echo requests (Java uses ICMP
 * when running as root) and prints whether the host answered. Exit status 0 on success.
 */
public final class NetProbe {

    private NetProbe() {
    }

    public static void main(String[] args) throws IOException {
        switch (args.length == 0 ? "" : args[0]) {
            case "listen" -> listen(Integer.parseInt(args[1]));
            case "tcp" -> System.exit(tcp(args[1], Integer.parseInt(args[2])));
            case "ping" -> System.exit(ping(args[1]));
            default -> {
                System.err.println("usage: NetProbe listen PORT | tcp HOST PORT | ping HOST");
                System.exit(2);
            }
        }
    }

    private static void listen(int port) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(port));
            System.out.println("listening " + port);
            System.out.flush();
            while (true) {
                try (Socket socket = server.accept();
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    out.println("echo:" + in.readLine());
                }
            }
        }
    }

    private static int tcp(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 3000);
            socket.setSoTimeout(3000);
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            out.println("hello");
            System.out.println(in.readLine());
            return 0;
        } catch (IOException e) {
            System.out.println("failed: " + e);
            return 1;
        }
    }

    private static int ping(String host) throws IOException {
        boolean reachable = InetAddress.getByName(host).isReachable(3000);
        System.out.println(reachable ? "reachable" : "unreachable");
        return reachable ? 0 : 1;
    }
}

package io.meshperf.agent.engine.server;

import io.meshperf.agent.engine.ErrorReport;
import io.meshperf.agent.engine.ServerMessages;
import io.meshperf.agent.engine.Watchdog;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A qperf 0.4.11 compatible server with meshperf's extensions (identity, SINGLE_FLOW over TCP and
 * UDP). One accept thread hands each connection to its own session thread, so a running test never
 * blocks the accept loop; one UDP thread serves every SINGLE_FLOW udp flow on the same port number.
 * Sessions are bounded in number, length and message size; a refused client hears why through
 * qperf's error path. Every thread is named {@code meshperf-qperf-*}.
 *
 * <p>{@link #start()} binds and returns; {@link #close()} stops accepting, closes every session's
 * sockets and joins the threads. Bind failures are thrown as {@link IOException}.
 */
public final class QperfServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QperfServer.class);
    /** Every thread of the server starts with this. */
    public static final String THREAD_PREFIX = "meshperf-qperf-";

    private final ServerConfig config;
    private final SessionSlots slots;
    private final Set<Socket> liveSockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> sessionThreads = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> quit = new CompletableFuture<>();
    private final AtomicLong sessionIds = new AtomicLong();
    private ServerSocket listener;
    private UdpFlowServer udp;
    private Watchdog watchdog;
    private ThreadPoolExecutor refuser;
    private Thread acceptThread;
    private volatile boolean closing;

    public QperfServer(ServerConfig config) {
        this.config = config;
        this.slots = new SessionSlots(config.maxSessions());
    }

    /** Binds TCP and UDP on the wildcard address (dual-stack) and starts serving. */
    public synchronized QperfServer start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("server already started");
        }
        DatagramChannel datagrams = null;
        // With port 0 the kernel picks the TCP port; the UDP twin may be taken, so try a few.
        for (int attempt = 0; datagrams == null; attempt++) {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            // qperf uses 5; a deeper queue keeps bursts of clients from having their SYNs dropped.
            try {
                listener.bind(new InetSocketAddress(config.port()), 64);
            } catch (IOException e) {
                listener.close();
                listener = null;
                throw e;
            }
            try {
                datagrams = DatagramChannel.open();
                datagrams.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                datagrams.bind(new InetSocketAddress(listener.getLocalPort()));
            } catch (IOException e) {
                int taken = listener.getLocalPort();
                listener.close();
                if (datagrams != null) {
                    datagrams.close();
                    datagrams = null;
                }
                if (config.port() != 0 || attempt >= 4) {
                    listener = null;
                    throw new IOException("cannot bind UDP port " + taken + " for SINGLE_FLOW udp tests: "
                            + e.getMessage(), e);
                }
            }
        }
        int port = listener.getLocalPort();
        try {
            udp = new UdpFlowServer(config, datagrams, slots);
        } catch (IOException e) {
            closeQuietly(listener);
            closeQuietly(datagrams);
            listener = null;
            throw e;
        }
        watchdog = new Watchdog(THREAD_PREFIX + "watchdog-" + port);
        refuser = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(8), r -> {
            Thread t = new Thread(r, THREAD_PREFIX + "refuse-" + port);
            t.setDaemon(true);
            return t;
        });
        refuser.prestartAllCoreThreads();
        udp.start(THREAD_PREFIX + "udp-" + port);
        acceptThread = new Thread(this::acceptLoop, THREAD_PREFIX + "accept-" + port);
        acceptThread.start();
        LOG.info("qperf server listening on TCP and UDP port {} (agent mode {}, at most {} sessions)", port,
                config.agentMode(), config.maxSessions());
        return this;
    }

    /** The TCP (and UDP) port actually bound. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Sessions running now (TCP connections plus UDP flows). */
    public int activeSessions() {
        return slots.active();
    }

    public long sessionsStarted() {
        return slots.started();
    }

    public long sessionsRefused() {
        return slots.refused();
    }

    /** Sockets owned by running sessions (control and data). */
    public int openSockets() {
        return liveSockets.size();
    }

    /** Completes when a client's quit request was honoured (never in agent mode). */
    public CompletableFuture<Void> quitRequested() {
        return quit;
    }

    private void acceptLoop() {
        while (!closing) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.error("accept failed on port {}; server stops serving", port(), e);
                }
                return;
            }
            if (!slots.tryAcquire()) {
                refuse(s);
                continue;
            }
            long id = sessionIds.incrementAndGet();
            TcpSession session = new TcpSession(id, s, config, watchdog, liveSockets, this::onQuit);
            Thread t = new Thread(() -> {
                try {
                    session.run();
                } finally {
                    slots.release();
                    sessionThreads.remove(Thread.currentThread());
                }
            }, THREAD_PREFIX + "session-" + id);
            sessionThreads.add(t);
            t.start();
        }
    }

    private void refuse(Socket s) {
        String text = ServerMessages.REFUSED_PREFIX + "server busy (" + slots.max() + " sessions running)";
        LOG.info("refusing {}: {}", s.getRemoteSocketAddress(), text);
        try {
            refuser.execute(() -> ErrorReport.sendAndClose(s, text));
        } catch (RejectedExecutionException e) {
            // Too many refusals queued: dropping the connection is the only bounded answer left.
            closeQuietly(s);
        }
    }

    private void onQuit() {
        LOG.info("quit requested by a client; server on port {} stops", port());
        quit.complete(null);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (listener == null || closing) {
                return;
            }
            closing = true;
        }
        closeQuietly(listener);
        udp.close();
        liveSockets.forEach(QperfServer::closeQuietly);
        refuser.shutdownNow();
        try {
            acceptThread.join(5000);
            for (Thread t : sessionThreads) {
                t.join(5000);
            }
            refuser.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.close();
        LOG.info("qperf server on port {} closed", listener.getLocalPort());
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }

    /** The address a client reached, as text (v4-mapped IPv6 shown as IPv4). */
    static String addressText(InetAddress a) {
        if (a == null) {
            return "";
        }
        String full = a.getHostAddress();
        int zone = full.indexOf('%');
        if (zone >= 0) {
            full = full.substring(0, zone);
        }
        return a instanceof java.net.Inet6Address ? compressIpv6(full) : full;
    }

    /** RFC 5952 text: leading zeros dropped, the longest run of zero groups as "::". */
    static String compressIpv6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; i++) {
            groups[i] = groups[i].replaceFirst("^0+(?=.)", "");
            int j = i;
            while (j < groups.length && groups[j].replaceFirst("^0+(?=.)", "").equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }
}

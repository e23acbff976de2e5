package io.meshperf.agent.engine.server;

import io.meshperf.agent.engine.EngineVersion;
import io.meshperf.agent.engine.Watchdog;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.Stat;
import io.meshperf.agent.engine.wire.Sync;
import io.meshperf.agent.engine.wire.Wire;
import io.meshperf.agent.engine.stats.NodeRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The control side of one TCP session, shared by the test runners: timed reads with qperf's error
 * texts, the sync strings, STAT with meshperf's optional trailer, and registration of data sockets so
 * that the watchdog and {@link QperfServer#close()} can close them. Used by the session's own thread.
 */
final class Session {

    final long id;
    final Socket control;
    final InputStream in;
    final OutputStream out;
    final ServerConfig config;
    final Watchdog watchdog;
    private final Set<Socket> liveSockets;
    private final Set<Closeable> dataResources = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int timeoutMillis;

    Session(long id, Socket control, ServerConfig config, Watchdog watchdog, Set<Socket> liveSockets)
            throws IOException {
        this.id = id;
        this.control = control;
        this.in = control.getInputStream();
        this.out = control.getOutputStream();
        this.config = config;
        this.watchdog = watchdog;
        this.liveSockets = liveSockets;
        this.timeoutMillis = config.requestTimeoutSec() * 1000;
    }

    void setTimeoutSeconds(int seconds) {
        timeoutMillis = seconds * 1000;
    }

    int timeoutMillis() {
        return timeoutMillis;
    }

    /** Registers a data socket so every close path reaches it. */
    void register(Closeable c) {
        dataResources.add(c);
        if (c instanceof Socket s) {
            liveSockets.add(s);
        }
    }

    /** Closes everything this session owns. Safe from any thread, idempotent. */
    void closeAll() {
        for (Closeable c : dataResources) {
            QperfServer.closeQuietly(c);
            if (c instanceof Socket s) {
                liveSockets.remove(s);
            }
        }
        QperfServer.closeQuietly(control);
        liveSockets.remove(control);
    }

    byte[] read(int n, String item) throws IOException, SessionFailure {
        control.setSoTimeout(timeoutMillis);
        try {
            return Wire.readExactly(in, n);
        } catch (SocketTimeoutException e) {
            throw new SessionFailure("failed to receive " + item + ": timed out");
        } catch (Wire.ShortReadException e) {
            throw new SessionFailure("failed to receive " + item + ": client not responding");
        }
    }

    void write(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** Sends SYNC_BEFORE then reads and checks the peer's. */
    void syncBefore() throws IOException, SessionFailure {
        write(Sync.before());
        expect(Sync.before(), Sync.BEFORE_TEXT);
    }

    void expect(byte[] wanted, String item) throws IOException, SessionFailure {
        byte[] got = read(wanted.length, item);
        if (!Arrays.equals(got, wanted)) {
            throw new SessionFailure("synchronize " + item + " failure: data does not match");
        }
    }

    /** STAT, plus meshperf's key/value trailer when the client asked for it. */
    void sendStat(NodeRecord record, boolean trailer, long processCpuNs) throws IOException {
        write(Stat.encode(record, trailer));
        if (trailer) {
            Map<String, String> kv = identity();
            if (processCpuNs >= 0) {
                kv.put("processCpuNs", Long.toString(processCpuNs));
            }
            write(KeyValueBlock.encode(kv));
        }
    }

    Map<String, String> identity() {
        return config.identity().toWire(QperfServer.addressText(control.getLocalAddress()), EngineVersion.get());
    }

    static boolean marked(Request r) {
        return r.id().startsWith(Request.Marker.PREFIX);
    }
}

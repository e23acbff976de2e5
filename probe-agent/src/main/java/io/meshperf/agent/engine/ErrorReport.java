package io.meshperf.agent.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * qperf's error path (section 12): one urgent byte {@code ?}, the text, a half-close, then a short
 * drain so that unread input does not turn the close into a reset. Blocks at most
 * {@link #DRAIN_MILLIS}; failures are logged, never thrown (the peer may already be gone).
 */
public final class ErrorReport {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReport.class);
    /** qperf drains for up to 3 s; it is normally immediate. */
    public static final int DRAIN_MILLIS = 500;
    private static final int MAX_TEXT = 255;

    private ErrorReport() {
    }

    /** Sends {@code text} to the peer of {@code socket} and closes it. */
    public static void sendAndClose(Socket socket, String text) {
        try (socket) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            socket.sendUrgentData('?');
            socket.getOutputStream().write(b, 0, Math.min(b.length, MAX_TEXT));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            drain(socket);
        } catch (IOException e) {
            LOG.debug("could not report '{}' to {}: {}", text, socket.getRemoteSocketAddress(), e.toString());
        }
    }

    private static void drain(Socket socket) throws IOException {
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            socket.setSoTimeout((int) left);
            try {
                if (in.read(sink) < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                return;
            }
        }
    }
}

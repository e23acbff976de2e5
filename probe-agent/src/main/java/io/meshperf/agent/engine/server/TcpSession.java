package io.meshperf.agent.engine.server;

import io.meshperf.agent.engine.ErrorReport;
import io.meshperf.agent.engine.ServerMessages;
import io.meshperf.agent.engine.Watchdog;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.TestKind;
import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted control connection, from request to close, on its own session thread. It never blocks
 * past its budget: the watchdog closes its sockets when the request, the test and its control
 * exchanges overrun, so a client that vanishes or stalls frees the session.
 */
final class TcpSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpSession.class);
    /** Slack on top of the test's own time and control timeouts before the watchdog steps in. */
    private static final long SLACK_NANOS = 2_000_000_000L;

    private final long id;
    private final Socket socket;
    private final ServerConfig config;
    private final Watchdog watchdog;
    private final Set<Socket> liveSockets;
    private final Runnable onQuit;

    TcpSession(long id, Socket socket, ServerConfig config, Watchdog watchdog, Set<Socket> liveSockets,
               Runnable onQuit) {
        this.id = id;
        this.socket = socket;
        this.config = config;
        this.watchdog = watchdog;
        this.liveSockets = liveSockets;
        this.onQuit = onQuit;
    }

    @Override
    public void run() {
        liveSockets.add(socket);
        Session session = null;
        Watchdog.Armed guard = watchdog.arm(socket, seconds(config.requestTimeoutSec()) + SLACK_NANOS,
                "session " + id + " request");
        try {
            socket.setOOBInline(true);
            session = new Session(id, socket, config, watchdog, liveSockets);
            Request req = readRequest(session);
            guard.close();
            int timeout = req.timeout() <= 0 ? 5 : Math.min(req.timeout(), config.maxTimeoutSec());
            session.setTimeoutSeconds(timeout);
            Session s = session;
            guard = watchdog.arm(s::closeAll, seconds(req.time()) + 4 * seconds(timeout) + SLACK_NANOS,
                    "session " + id);
            serve(session, req);
        } catch (SessionFailure f) {
            LOG.debug("session {} from {} fails: {}", id, socket.getRemoteSocketAddress(), f.getMessage());
            if (!guard.fired()) {
                ErrorReport.sendAndClose(socket, f.getMessage());
            }
        } catch (IOException e) {
            LOG.debug("session {} from {} ended: {}", id, socket.getRemoteSocketAddress(), e.toString());
        } finally {
            guard.close();
            if (session != null) {
                session.closeAll();
            } else {
                QperfServer.closeQuietly(socket);
            }
            liveSockets.remove(socket);
        }
    }

    private Request readRequest(Session s) throws IOException, SessionFailure {
        byte[] header = s.read(Request.HEADER_SIZE, "request data");
        int[] v = Request.decodeVersion(header);
        String mismatch = Request.versionMismatch(v[0], v[1], v[2]);
        if (mismatch != null) {
            throw new SessionFailure(mismatch);
        }
        byte[] rest = s.read(Request.SIZE - Request.HEADER_SIZE, "request data");
        byte[] all = new byte[Request.SIZE];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(rest, 0, all, header.length, rest.length);
        return Request.decode(all);
    }

    private void serve(Session s, Request req) throws IOException, SessionFailure {
        Optional<TestKind> kind = TestKind.byIndex(req.reqIndex());
        if (kind.isEmpty()) {
            throw new SessionFailure("bad request index: " + req.reqIndex());
        }
        LOG.debug("session {} from {}: {} time {} s msg_size {} marker '{}'", id, socket.getRemoteSocketAddress(),
                kind.get().qperfName(), req.time(), req.msgSize(), req.id());
        switch (kind.get()) {
            case CONF -> {
                s.write(config.conf().encode());
                if (Session.marked(req)) {
                    s.write(KeyValueBlock.encode(s.identity()));
                }
            }
            case QUIT -> quit(s);
            default -> {
                checkLimits(req);
                if (req.id().equals(Request.Marker.SINGLE_FLOW)) {
                    if (kind.get().isUdp()) {
                        throw new SessionFailure("SINGLE_FLOW " + kind.get().qperfName()
                                + " travels over UDP to port " + socket.getLocalPort() + ", not over TCP");
                    }
                    new SingleFlowTcpTest(s, req, kind.get()).run();
                } else {
                    new QperfModeTest(s, req, kind.get(), Session.marked(req)).run();
                }
            }
        }
    }

    private void quit(Session s) throws IOException, SessionFailure {
        if (config.agentMode()) {
            throw new SessionFailure(ServerMessages.REFUSED_PREFIX + "quit is not accepted by a meshperf agent");
        }
        s.syncBefore();
        onQuit.run();
    }

    private void checkLimits(Request req) throws SessionFailure {
        String why = limitViolation(req, config);
        if (why != null) {
            throw new SessionFailure(why);
        }
    }

    /** Why a request breaks a server limit, or null; shared with the UDP flow server. */
    static String limitViolation(Request req, ServerConfig config) {
        if (req.time() == 0) {
            return ServerMessages.REFUSED_PREFIX + "time 0 (a test without end) is not accepted";
        }
        if (req.time() > config.maxTimeSec()) {
            return ServerMessages.REFUSED_PREFIX + "time " + req.time() + " s exceeds this server's limit of "
                    + config.maxTimeSec() + " s";
        }
        if (req.msgSize() <= 0) {
            return ServerMessages.REFUSED_PREFIX + "message size must be positive, got " + req.msgSize();
        }
        if (req.msgSize() > config.maxMsgSize()) {
            return ServerMessages.REFUSED_PREFIX + "message size " + req.msgSize()
                    + " bytes exceeds this server's limit of " + config.maxMsgSize() + " bytes";
        }
        return null;
    }

    private static long seconds(long s) {
        return s * 1_000_000_000L;
    }
}

package io.meshperf.agent.engine.server;

import io.meshperf.agent.engine.EngineVersion;
import io.meshperf.agent.engine.ServerMessages;
import io.meshperf.agent.engine.singleflow.Datagram;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.CpuSnapshot;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.TrafficCounter;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.Stat;
import io.meshperf.agent.engine.wire.TestKind;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every SINGLE_FLOW udp_bw and udp_lat flow on the listen port number over UDP, from one
 * thread: a small state machine per flow (REQ → ACCEPT → DATA/ECHO → END → STAT → DONE) keyed by the
 * client's address and flow id. Duplicated control datagrams get the same answer again, so the client
 * may retransmit; flows that go quiet are dropped after their deadline plus the control timeout.
 * The thread blocks in receive at most {@link #TICK_MILLIS} at a time.
 */
final class UdpFlowServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpFlowServer.class);
    static final int TICK_MILLIS = 10;

    private final ServerConfig config;
    private final DatagramSocket socket;
    private final SessionSlots slots;
    private final CpuSampler sampler;
    private final Map<FlowKey, Flow> flows = new HashMap<>();
    private Thread thread;
    private volatile boolean closing;
    private long malformed;

    UdpFlowServer(ServerConfig config, DatagramSocket socket, SessionSlots slots) {
        this.config = config;
        this.socket = socket;
        this.slots = slots;
        this.sampler = config.sampler();
    }

    void start(String name) {
        thread = new Thread(this::loop, name);
        thread.start();
    }

    private record FlowKey(SocketAddress peer, int flowId) {
    }

    private static final class Flow {
        final TestKind kind;
        final Request req;
        final byte[] accept;
        final CpuSnapshot start;
        final long cpu0;
        final long deadline;
        final TrafficCounter sent = new TrafficCounter();
        final TrafficCounter received = new TrafficCounter();
        CpuSnapshot end;
        byte[] stat;
        long expiry;

        Flow(TestKind kind, Request req, byte[] accept, CpuSnapshot start, long cpu0, long deadline, long expiry) {
            this.kind = kind;
            this.req = req;
            this.accept = accept;
            this.start = start;
            this.cpu0 = cpu0;
            this.deadline = deadline;
            this.expiry = expiry;
        }
    }

    private void loop() {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        long nextTick = System.nanoTime();
        while (!closing) {
            try {
                socket.setSoTimeout(flows.isEmpty() ? 200 : TICK_MILLIS);
                p.setLength(buf.length);
                socket.receive(p);
                handle(p);
            } catch (SocketTimeoutException e) {
                // A quiet moment: fall through to the timers.
            } catch (IOException e) {
                if (closing) {
                    break;
                }
                // ICMP errors from a vanished client surface here; they concern one flow only.
                LOG.debug("UDP receive error: {}", e.toString());
            }
            long now = System.nanoTime();
            if (now - nextTick >= 0) {
                tick(now);
                nextTick = now + TICK_MILLIS * 1_000_000L;
            }
        }
        flows.values().forEach(f -> slots.release());
        flows.clear();
    }

    private void tick(long now) {
        Iterator<Map.Entry<FlowKey, Flow>> it = flows.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<FlowKey, Flow> e = it.next();
            Flow f = e.getValue();
            if (f.end == null && now - f.deadline >= 0) {
                f.end = sampler.snapshot();
            }
            if (now - f.expiry >= 0) {
                if (f.stat == null) {
                    LOG.info("SINGLE_FLOW {} flow from {} went quiet; dropped", f.kind.qperfName(), e.getKey().peer());
                }
                it.remove();
                slots.release();
            }
        }
    }

    private void handle(DatagramPacket p) throws IOException {
        byte[] b = p.getData();
        int len = p.getLength();
        if (!Datagram.valid(b, len)) {
            malformed++;
            LOG.trace("ignoring malformed datagram {} from {}", malformed, p.getSocketAddress());
            return;
        }
        FlowKey key = new FlowKey(p.getSocketAddress(), Datagram.flowId(b));
        Flow f = flows.get(key);
        long now = System.nanoTime();
        switch (Datagram.type(b)) {
            case Datagram.REQ -> {
                if (f != null) {
                    send(key, f.accept);
                } else {
                    open(key, Arrays.copyOfRange(b, Datagram.HEADER, len), now);
                }
            }
            case Datagram.DATA -> {
                if (f != null) {
                    data(key, f, Datagram.seq(b), len - Datagram.HEADER);
                }
            }
            case Datagram.END -> {
                if (f != null) {
                    end(key, f, now);
                }
            }
            case Datagram.DONE -> {
                if (f != null && flows.remove(key) != null) {
                    slots.release();
                }
            }
            default -> malformed++;
        }
    }

    private void open(FlowKey key, byte[] reqBytes, long now) throws IOException {
        if (reqBytes.length != Request.SIZE) {
            error(key, "failed to receive request data: " + reqBytes.length + " of " + Request.SIZE + " bytes");
            return;
        }
        Request req = Request.decode(reqBytes);
        String mismatch = Request.versionMismatch(req.verMaj(), req.verMin(), req.verInc());
        if (mismatch != null) {
            error(key, mismatch);
            return;
        }
        Optional<TestKind> kind = TestKind.byIndex(req.reqIndex());
        if (kind.isEmpty() || !kind.get().isUdp()) {
            error(key, kind.isEmpty() ? "bad request index: " + req.reqIndex()
                    : "SINGLE_FLOW over UDP serves udp_bw and udp_lat only, not " + kind.get().qperfName());
            return;
        }
        String violation = TcpSession.limitViolation(req, config);
        if (violation != null) {
            error(key, violation);
            return;
        }
        if (!slots.tryAcquire()) {
            error(key, ServerMessages.REFUSED_PREFIX + "server busy (" + slots.max() + " sessions running)");
            return;
        }
        int timeout = req.timeout() <= 0 ? 5 : Math.min(req.timeout(), config.maxTimeoutSec());
        byte[] accept = Datagram.build(Datagram.ACCEPT, key.flowId(), 0,
                KeyValueBlock.encode(config.identity().toWire(localAddressTowards(key.peer()), EngineVersion.get())));
        long deadline = now + req.time() * 1_000_000_000L;
        Flow f = new Flow(kind.get(), req, accept, sampler.snapshot(), sampler.processCpuNanos(), deadline,
                deadline + 2L * timeout * 1_000_000_000L + 1_000_000_000L);
        flows.put(key, f);
        LOG.debug("SINGLE_FLOW {} flow {} from {} for {} s", f.kind.qperfName(), key.flowId(), key.peer(), req.time());
        send(key, accept);
    }

    private void data(FlowKey key, Flow f, long seq, int size) throws IOException {
        boolean counted = System.nanoTime() - f.deadline < 0;
        if (counted) {
            f.received.message(size);
        } else if (f.end == null) {
            f.end = sampler.snapshot();
        }
        if (f.kind == TestKind.UDP_LAT && f.stat == null) {
            byte[] echo = new byte[Datagram.HEADER + f.req.msgSize()];
            Datagram.header(echo, Datagram.ECHO, key.flowId(), seq);
            try {
                send(key, echo);
                if (counted && System.nanoTime() - f.deadline < 0) {
                    f.sent.message(f.req.msgSize());
                }
            } catch (IOException e) {
                f.sent.error();
            }
        }
    }

    private void end(FlowKey key, Flow f, long now) throws IOException {
        if (f.stat == null) {
            if (f.end == null) {
                f.end = sampler.snapshot();
            }
            long cpu1 = sampler.processCpuNanos();
            NodeRecord record = new NodeRecord(sampler.cpus(), sampler.ticksPerSecond(), f.start, f.end,
                    f.sent.snapshot(), f.received.snapshot());
            Map<String, String> kv = new java.util.LinkedHashMap<>();
            if (f.cpu0 >= 0 && cpu1 >= 0) {
                kv.put("processCpuNs", Long.toString(cpu1 - f.cpu0));
            }
            byte[] stat = Stat.encode(record, true);
            byte[] ext = KeyValueBlock.encode(kv);
            byte[] payload = new byte[stat.length + ext.length];
            System.arraycopy(stat, 0, payload, 0, stat.length);
            System.arraycopy(ext, 0, payload, stat.length, ext.length);
            f.stat = Datagram.build(Datagram.STAT, key.flowId(), 0, payload);
            int timeout = Math.min(Math.max(1, f.req.timeout()), config.maxTimeoutSec());
            f.expiry = now + timeout * 1_000_000_000L;
        }
        send(key, f.stat);
    }

    private void error(FlowKey key, String text) throws IOException {
        LOG.debug("SINGLE_FLOW request from {} refused: {}", key.peer(), text);
        send(key, Datagram.build(Datagram.ERROR, key.flowId(), 0, text.getBytes(StandardCharsets.UTF_8)));
    }

    private void send(FlowKey key, byte[] b) throws IOException {
        socket.send(new DatagramPacket(b, b.length, key.peer()));
    }

    /** The address this host replies to {@code peer} from: the backend's own address behind a DNAT. */
    private static String localAddressTowards(SocketAddress peer) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(peer);
            return QperfServer.addressText(probe.getLocalAddress());
        } catch (IOException e) {
            return ((InetSocketAddress) peer).getAddress().isLoopbackAddress() ? "127.0.0.1" : "";
        }
    }

    @Override
    public void close() {
        closing = true;
        socket.close();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

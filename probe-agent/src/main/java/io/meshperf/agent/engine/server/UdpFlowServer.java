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
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every SINGLE_FLOW udp_bw and udp_lat flow on the listen port number over UDP, from one
 * thread: a small state machine per flow (REQ → ACCEPT → DATA/ECHO → END → STAT → DONE) keyed by the
 * client's address and flow id. Duplicated control datagrams get the same answer again, so the client
 * may retransmit; flows that go quiet are dropped after their deadline plus the control timeout.
 * The thread blocks in select at most {@link #TICK_MILLIS} at a time.
 *
 * <p>Besides the wildcard socket there is one socket per local address on the same port: a reply
 * must leave from the address the datagram reached, or conntrack cannot match it to the DNAT that
 * brought it (a wildcard-bound socket replies from whatever address routing picks). Each flow
 * answers through the socket it arrived on.
 */
final class UdpFlowServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpFlowServer.class);
    static final int TICK_MILLIS = 10;

    private final ServerConfig config;
    private final List<DatagramChannel> channels;
    private final Selector selector;
    private final SessionSlots slots;
    private final CpuSampler sampler;
    private final Map<FlowKey, Flow> flows = new HashMap<>();
    private Thread thread;
    private volatile boolean closing;
    private long malformed;

    UdpFlowServer(ServerConfig config, DatagramChannel wildcard, SessionSlots slots) throws IOException {
        this.config = config;
        this.channels = bindLocalAddresses(wildcard);
        Selector opened = null;
        try {
            opened = Selector.open();
            for (DatagramChannel ch : channels) {
                ch.configureBlocking(false);
                ch.register(opened, SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            channels.stream().skip(1).forEach(QperfServer::closeQuietly);
            if (opened != null) {
                opened.close();
            }
            throw e;
        }
        this.selector = opened;
        this.slots = slots;
        this.sampler = config.sampler();
    }

    void start(String name) {
        thread = new Thread(this::loop, name);
        thread.start();
    }

    private record FlowKey(SocketAddress peer, int flowId, DatagramChannel via) {
    }

    /** The wildcard channel plus one per local address on the same port; addresses that refuse are skipped. */
    private static List<DatagramChannel> bindLocalAddresses(DatagramChannel wildcard) throws IOException {
        int port = ((InetSocketAddress) wildcard.getLocalAddress()).getPort();
        List<DatagramChannel> out = new ArrayList<>();
        out.add(wildcard);
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a.isLinkLocalAddress()) {
                    continue;
                }
                DatagramChannel ch = DatagramChannel.open(a instanceof java.net.Inet4Address
                        ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
                try {
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    ch.bind(new InetSocketAddress(a, port));
                    out.add(ch);
                } catch (IOException e) {
                    ch.close();
                    LOG.info("UDP port {} not bound on {}; flows to it are answered from the wildcard socket: {}",
                            port, a.getHostAddress(), e.toString());
                }
            }
        }
        return out;
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
        ByteBuffer buf = ByteBuffer.allocate(65536);
        long nextTick = System.nanoTime();
        while (!closing) {
            try {
                selector.select(flows.isEmpty() ? 200 : TICK_MILLIS);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    SocketAddress from;
                    buf.clear();
                    while ((from = ch.receive(buf)) != null) {
                        handle(ch, from, buf.array(), buf.position());
                        buf.clear();
                    }
                }
                selector.selectedKeys().clear();
            } catch (ClosedSelectorException e) {
                break;
            } catch (IOException e) {
                if (closing) {
                    break;
                }
                // A failed send or receive concerns one flow only; the others go on.
                LOG.debug("UDP error: {}", e.toString());
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

    private void handle(DatagramChannel via, SocketAddress from, byte[] b, int len) throws IOException {
        if (!Datagram.valid(b, len)) {
            malformed++;
            LOG.trace("ignoring malformed datagram {} from {}", malformed, from);
            return;
        }
        FlowKey key = new FlowKey(from, Datagram.flowId(b), via);
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
                KeyValueBlock.encode(config.identity().toWire(localAddress(key), EngineVersion.get())));
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
        key.via().send(ByteBuffer.wrap(b), key.peer());
    }

    /**
     * The address the flow reached: the bound address of its socket, or for the wildcard socket the
     * address this host would reply from (the backend's own address behind a DNAT).
     */
    private static String localAddress(FlowKey key) throws IOException {
        InetAddress bound = ((InetSocketAddress) key.via().getLocalAddress()).getAddress();
        if (!bound.isAnyLocalAddress()) {
            return QperfServer.addressText(bound);
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(key.peer());
            return QperfServer.addressText(probe.getLocalAddress());
        }
    }

    /** The local UDP addresses served, for logs and tests. */
    List<SocketAddress> boundAddresses() throws IOException {
        List<SocketAddress> out = new ArrayList<>();
        for (DatagramChannel ch : channels) {
            out.add(ch.getLocalAddress());
        }
        return out;
    }

    @Override
    public void close() {
        closing = true;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the UDP selector failed: {}", e.toString());
        }
        channels.forEach(QperfServer::closeQuietly);
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

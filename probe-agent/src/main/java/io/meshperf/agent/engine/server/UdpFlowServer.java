package io.meshperf.agent.engine.server;

import io.meshperf.agent.engine.EngineVersion;
import io.meshperf.agent.engine.ServerMessages;
import io.meshperf.agent.engine.singleflow.Datagram;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.wire.KeyValueBlock;
import io.meshperf.agent.engine.wire.Request;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts SINGLE_FLOW udp_bw and udp_lat flows on the listen port number over UDP, on one thread.
 * It validates a flow's REQ (answering refusals with an ERROR datagram), then hands the flow to its
 * own {@link UdpFlow} thread with its own connected socket, which from then on receives that flow's
 * datagrams. The thread blocks in select for at most 200 ms at a time.
 *
 * <p>Besides the wildcard socket there is one socket per local address on the same port: a reply
 * must leave from the address the datagram reached, or conntrack cannot match it to the DNAT that
 * brought it (a wildcard-bound socket replies from whatever address routing picks). Each flow's own
 * socket is bound to the address its REQ reached.
 */
final class UdpFlowServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpFlowServer.class);

    private final ServerConfig config;
    private final List<DatagramChannel> channels;
    private final Selector selector;
    private final SessionSlots slots;
    private final CpuSampler sampler;
    /** Flows handed to their own thread; only a REQ retransmitted before the hand-off can still land here. */
    private final Map<FlowKey, UdpFlow> flows = new ConcurrentHashMap<>();
    private final Set<Thread> flowThreads = ConcurrentHashMap.newKeySet();
    private final AtomicLong flowIds = new AtomicLong();
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

    private void loop() {
        // Direct, so a receive is one copy; only a REQ's payload is copied out again.
        ByteBuffer buf = ByteBuffer.allocateDirect(65536);
        byte[] header = new byte[Datagram.HEADER];
        while (!closing) {
            try {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    SocketAddress from;
                    buf.clear();
                    while ((from = ch.receive(buf)) != null) {
                        int len = buf.position();
                        buf.flip();
                        buf.get(header, 0, Math.min(len, Datagram.HEADER));
                        handle(ch, from, header, buf, len);
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
        }
    }

    /** {@code b} holds the header; {@code rest} is positioned after it, holding the payload. */
    private void handle(DatagramChannel via, SocketAddress from, byte[] b, ByteBuffer rest, int len)
            throws IOException {
        if (!Datagram.valid(b, len)) {
            malformed++;
            LOG.trace("ignoring malformed datagram {} from {}", malformed, from);
            return;
        }
        FlowKey key = new FlowKey(from, Datagram.flowId(b), via);
        if (Datagram.type(b) != Datagram.REQ) {
            // DATA, END and DONE go to the flow's own socket; here they are strays.
            malformed++;
            return;
        }
        UdpFlow running = flows.get(key);
        if (running != null) {
            send(key, running.accept());
            return;
        }
        byte[] payload = new byte[len - Datagram.HEADER];
        rest.get(payload);
        open(key, payload);
    }

    private void open(FlowKey key, byte[] reqBytes) throws IOException {
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
        DatagramSocket own;
        try {
            own = connectedSocket(key);
        } catch (IOException e) {
            slots.release();
            error(key, "unable to make UDP socket: " + e.getMessage());
            return;
        }
        UdpFlow flow = new UdpFlow(own, key.flowId(), kind.get(), req, accept, sampler, timeout);
        flows.put(key, flow);
        Thread t = new Thread(() -> {
            try {
                flow.run();
            } finally {
                flows.remove(key);
                slots.release();
                flowThreads.remove(Thread.currentThread());
            }
        }, QperfServer.THREAD_PREFIX + "session-udp-" + flowIds.incrementAndGet());
        flowThreads.add(t);
        LOG.debug("SINGLE_FLOW {} flow {} from {} for {} s", kind.get().qperfName(), key.flowId(), key.peer(),
                req.time());
        t.start();
    }

    /**
     * A socket bound to the address and port the flow reached, connected to the client: the kernel
     * prefers it to the shared socket for this flow's datagrams, and replies leave from that address.
     */
    private static DatagramSocket connectedSocket(FlowKey key) throws IOException {
        InetSocketAddress local = (InetSocketAddress) key.via().getLocalAddress();
        DatagramChannel ch = DatagramChannel.open(local.getAddress() instanceof java.net.Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(local);
            ch.connect(key.peer());
            return ch.socket();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
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


    @Override
    public void close() {
        closing = true;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the UDP selector failed: {}", e.toString());
        }
        channels.forEach(QperfServer::closeQuietly);
        flows.values().forEach(UdpFlow::close);
        if (thread != null) {
            try {
                thread.join(5000);
                for (Thread t : flowThreads) {
                    t.join(5000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

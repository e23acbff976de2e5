package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.keys.ResultKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A {@link PairWindowReader} over every coordinator replica: this replica's stores, plus each other
 * replica's, fetched from its {@value #PATH} endpoint on its peer port
 * ({@code AggregateRoutes.mountPeerRoutes}).
 * Kafka Streams gives each replica the partitions it processes, so together the replicas hold every
 * pair once; peers come from Kafka Streams' metadata ({@code application.server} of each instance).
 *
 * <p>Blocks on local stores and on HTTP to peers (each bounded by the timeout); call it from a
 * worker thread. A peer that cannot answer makes the scan fail with {@link IllegalStateException}
 * (a 503 to API callers) rather than return a partial picture. Windows are visited in no particular
 * order across replicas. Thread-safe.
 */
public final class PeerWindowReader implements PairWindowReader {

    /** The peer endpoint's path. */
    public static final String PATH = "/api/v1/internal/windows";

    private final PairWindowReader local;
    private final Supplier<List<HostInfo>> peers;
    private final HttpClient http;
    private final Duration timeout;

    /** Reads {@code local}, then every host {@code peers} lists (never this replica itself). */
    public PeerWindowReader(PairWindowReader local, Supplier<List<HostInfo>> peers, HttpClient http,
                            Duration timeout) {
        this.local = Objects.requireNonNull(local, "local");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public List<Duration> windowSizes() {
        return local.windowSizes();
    }

    @Override
    public void scan(Duration size, String keyPrefix, Instant from, Instant to, Visitor visitor) {
        local.scan(size, keyPrefix, from, to, visitor);
        for (HostInfo peer : peers.get()) {
            // Kafka Streams keeps an IPv6 host without its brackets; a URI needs them.
            String host = peer.host().indexOf(':') >= 0 ? "[" + peer.host() + "]" : peer.host();
            URI uri = URI.create("http://" + host + ":" + peer.port() + PATH + "?size=" + size.toSeconds()
                    + "&prefix=" + URLEncoder.encode(keyPrefix, StandardCharsets.UTF_8)
                    + "&from=" + from.toEpochMilli() + "&to=" + to.toEpochMilli());
            HttpResponse<byte[]> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new IllegalStateException("replica " + peer + " did not answer: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking replica " + peer, e);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("replica " + peer + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            decode(response.body(), visitor);
        }
    }

    /** Writes what a local scan visits in the form {@link #decode} reads: (key, start, window) triples. */
    public static byte[] encode(PairWindowReader reader, Duration size, String keyPrefix, Instant from, Instant to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        reader.scan(size, keyPrefix, from, to, (key, start, window) -> {
            byte[] name = key.toString().getBytes(StandardCharsets.UTF_8);
            byte[] body = PairWindowCodec.encode(window);
            ByteBuffer entry = ByteBuffer.allocate(4 + name.length + 8 + 4 + body.length);
            entry.putInt(name.length).put(name).putLong(start.toEpochMilli()).putInt(body.length).put(body);
            bytes.writeBytes(entry.array());
        });
        return bytes.toByteArray();
    }

    /**
     * Visits the triples {@link #encode} wrote.
     *
     * @throws IllegalStateException if the bytes are not such triples
     */
    static void decode(byte[] data, Visitor visitor) {
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            while (in.hasRemaining()) {
                byte[] name = new byte[in.getInt()];
                in.get(name);
                Instant start = Instant.ofEpochMilli(in.getLong());
                byte[] body = new byte[in.getInt()];
                in.get(body);
                visitor.visit(ResultKey.parse(new String(name, StandardCharsets.UTF_8)), start,
                        PairWindowCodec.decode(body));
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("a replica's windows could not be read: " + e.getMessage(), e);
        }
    }
}

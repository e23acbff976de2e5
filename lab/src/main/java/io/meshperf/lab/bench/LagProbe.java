package io.meshperf.lab.bench;

import io.meshperf.coordinator.aggregation.AggregationSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Measures the lag from a probe result's send to its appearance in the HTTP API. Probes are
 * latency results of one fixed pair; all go to one partition, so they are counted in send order,
 * and the pair's count in {@code /api/v1/pairs} says how many have arrived. {@link #send} runs on
 * the feeding thread, {@link #pollUntil} on the measuring thread.
 */
final class LagProbe {

    private static final int CAPACITY = 1 << 20;
    private static final long POLL_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI uri;
    private final String cluster;
    private final long[] sentNanos = new long[CAPACITY];
    private volatile int sent;
    private long lastArrived;
    private final Histogram lagsMicros = new Histogram(3);

    LagProbe(int port, String cluster, Instant benchStart) {
        this.cluster = cluster;
        long from = benchStart.minus(Duration.ofHours(1)).toEpochMilli();
        long to = benchStart.plus(Duration.ofHours(3)).toEpochMilli();
        this.uri = URI.create("http://127.0.0.1:" + port + "/api/v1/pairs/probe/sink?cluster=" + cluster
                + "&path=NODE_TO_NODE&test=TCP_LAT&window=1h&from=" + from + "&to=" + to);
    }

    /** Sends the next probe, noting when. */
    void send(KafkaProducer<String, byte[]> producer, AggregationSettings settings, SyntheticResults generator) {
        int index = sent;
        if (index == CAPACITY) {
            throw new IllegalStateException("more than " + CAPACITY + " probes");
        }
        sentNanos[index] = System.nanoTime();
        BenchAggregateCommand.send(producer, settings, generator.probe(cluster, Instant.now()));
        sent = index + 1;
    }

    /** Probes sent. */
    int sent() {
        return sent;
    }

    /** Polls the API while {@code feeding} runs, then until every probe is seen or {@code tail} passes. */
    void pollUntil(Thread feeding, Duration tail) throws IOException, InterruptedException {
        int seen = 0;
        long tailEnd = Long.MAX_VALUE;
        while (true) {
            int arrived = (int) Math.min(arrived(), sent);
            long now = System.nanoTime();
            for (; seen < arrived; seen++) {
                lagsMicros.recordValue(Math.max(0, (now - sentNanos[seen]) / 1000));
            }
            if (!feeding.isAlive()) {
                if (tailEnd == Long.MAX_VALUE) {
                    tailEnd = now + tail.toNanos();
                }
                if (seen >= sent || now > tailEnd) {
                    return;
                }
            }
            LockSupport.parkNanos(POLL_PAUSE_NANOS);
        }
    }

    private long arrived() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return 0;
        }
        if (response.statusCode() == 503) {
            // The stores are moving (a rebalance); what arrived is unknown until they are back.
            return lastArrived;
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonArray windows = new JsonObject(response.body()).getJsonArray("windows");
        long total = 0;
        for (int i = 0; i < windows.size(); i++) {
            total += windows.getJsonObject(i).getJsonObject("figures").getLong("count");
        }
        lastArrived = total;
        return total;
    }

    /** Lags of the probes seen, microseconds. */
    Histogram lagsMicros() {
        return lagsMicros;
    }
}

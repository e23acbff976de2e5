package io.meshperf.lab.bench;

import io.meshperf.coordinator.aggregation.AggregationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends synthetic results at a steady rate, stamped with the real time, and a probe every 50 ms,
 * for a fixed duration. Runs on its own thread ({@link Runnable}); a failure is kept for
 * {@link #failure()} and ends the run.
 */
final class Feeder implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Feeder.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final KafkaProducer<String, byte[]> producer;
    private final AggregationSettings settings;
    private final SyntheticResults generator;
    private final int rate;
    private final LagProbe probe;
    private final Duration duration;
    private volatile double achievedRate;
    private volatile Exception failure;

    Feeder(KafkaProducer<String, byte[]> producer, AggregationSettings settings, SyntheticResults generator, int rate,
           LagProbe probe, Duration duration) {
        this.producer = producer;
        this.settings = settings;
        this.generator = generator;
        this.rate = rate;
        this.probe = probe;
        this.duration = duration;
    }

    @Override
    public void run() {
        try {
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long sent = 0;
            long nextProbe = start;
            long now = start;
            while (now < end) {
                long due = (long) ((now - start) / 1e9 * rate);
                for (; sent < due; sent++) {
                    BenchAggregateCommand.send(producer, settings, generator.next(Instant.now()));
                }
                if (now >= nextProbe) {
                    probe.send(producer, settings, generator);
                    nextProbe += PROBE_NANOS;
                }
                LockSupport.parkNanos(TICK_NANOS);
                now = System.nanoTime();
            }
            producer.flush();
            achievedRate = sent / ((System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            LOG.error("Feeding results failed", e);
            failure = e;
        }
    }

    double achievedRate() {
        return achievedRate;
    }

    Exception failure() {
        return failure;
    }
}

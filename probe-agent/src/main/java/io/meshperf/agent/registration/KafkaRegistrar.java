package io.meshperf.agent.registration;

import io.meshperf.schemas.codec.Codecs;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Registrar} on the compacted agents topic, keyed by agent id, through an idempotent producer
 * with {@code acks=all}. Each call waits for the broker's acknowledgement, bounded by the Kafka
 * timeout. Synchronized, so a heartbeat already under way when the agent stops cannot land after the
 * tombstone and bring the registration back.
 */
public final class KafkaRegistrar implements Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRegistrar.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String agentId;
    private final AgentInfoFactory infos;
    private final Clock clock;
    private final Duration timeout;
    private volatile boolean registered;
    private boolean deregistered;

    public KafkaRegistrar(Producer<String, byte[]> producer, String topic, String agentId, AgentInfoFactory infos,
                          Clock clock, Duration timeout) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.infos = Objects.requireNonNull(infos, "infos");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public synchronized void heartbeat() throws RegistrationException {
        if (deregistered) {
            return;
        }
        boolean first = !registered;
        try {
            send(Codecs.AGENT_INFO.encode(infos.at(clock.instant())), "heartbeat");
        } catch (RegistrationException e) {
            registered = false;
            throw e;
        }
        registered = true;
        if (first) {
            LOG.info("agent {} registered on {}", agentId, topic);
        }
    }

    @Override
    public synchronized void deregister() throws RegistrationException {
        deregistered = true;
        registered = false;
        send(null, "tombstone");
        LOG.info("agent {} deregistered from {}", agentId, topic);
    }

    private void send(byte[] value, String what) throws RegistrationException {
        try {
            producer.send(new ProducerRecord<>(topic, agentId, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RegistrationException(what + " for " + agentId + " on " + topic + " failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw new RegistrationException(what + " for " + agentId + " on " + topic + " not acknowledged within "
                    + timeout.toMillis() + " ms: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistrationException(what + " interrupted", e);
        }
    }

    @Override
    public boolean registered() {
        return registered;
    }

    @Override
    public void close() {
        producer.close(timeout);
    }
}

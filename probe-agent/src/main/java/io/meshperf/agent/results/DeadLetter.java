package io.meshperf.agent.results;

import java.util.Objects;

/**
 * A record that could not be decoded, to be moved to the dead-letter topic as it was: original key
 * and value bytes, plus where it came from and why it was rejected.
 *
 * @param key       the original key bytes (may be null)
 * @param value     the original value bytes (may be null)
 * @param topic     the topic it was read from
 * @param partition its partition
 * @param offset    its offset
 * @param reason    why it was rejected, in words
 */
public record DeadLetter(byte[] key, byte[] value, String topic, int partition, long offset, String reason) {

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
    }
}

package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicSpecTest {

    @Test
    void compactedAndRetentionAddTopicConfigs() {
        TopicSpec spec = TopicSpec.of("meshperf.agents", 3).compacted().retention(Duration.ofDays(7));

        assertThat(spec.partitions()).isEqualTo(3);
        assertThat(spec.configs()).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "604800000");
    }

    @Test
    void withConfigLeavesTheOriginalUnchanged() {
        TopicSpec plain = TopicSpec.of("t", 1);
        TopicSpec configured = plain.withConfig("segment.ms", "1000");

        assertThat(plain.configs()).isEmpty();
        assertThat(configured.configs()).containsEntry("segment.ms", "1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/name", ".."})
    void illegalTopicNamesAreRejected(String name) {
        assertThatThrownBy(() -> TopicSpec.of(name, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid topic name '" + name + "'");
    }

    @Test
    void zeroPartitionsAreRejected() {
        assertThatThrownBy(() -> TopicSpec.of("t", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic t needs at least 1 partition");
    }

    @Test
    void nonPositiveRetentionIsRejected() {
        assertThatThrownBy(() -> TopicSpec.of("t", 1).retention(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention must be positive");
    }
}

package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabProbeTest {

    @Test
    void parsesCountLines() {
        assertThat(LabProbe.parseCounts("n1-p1=101,n2-p1=98,failed=1"))
                .isEqualTo(Map.of("n1-p1", 101L, "n2-p1", 98L, "failed", 1L));
        assertThat(LabProbe.parseCounts("reachable=1")).isEqualTo(Map.of("reachable", 1L));
    }
}

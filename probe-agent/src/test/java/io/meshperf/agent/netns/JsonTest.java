package io.meshperf.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsAResultLine() {
        Map<String, Object> r = Json.object("{\"test\":\"TCP_LAT\",\"status\":\"OK\",\"reason\":null,"
                + "\"servedBy\":{\"node\":\"backend2\",\"address\":\"10.250.0.12\"},\"latencyNs\":7.5E3,"
                + "\"ok\":true,\"list\":[1,-2.5,\"a\\\"b\\u0041\"]}");
        assertThat(r).containsEntry("test", "TCP_LAT").containsEntry("reason", null).containsEntry("ok", true)
                .containsEntry("latencyNs", 7500.0);
        assertThat(r.get("servedBy")).isEqualTo(Map.of("node", "backend2", "address", "10.250.0.12"));
        assertThat(r.get("list")).isEqualTo(List.of(1.0, -2.5, "a\"bA"));
    }

    @Test
    void rejectsMalformedInput() {
        assertThatThrownBy(() -> Json.object("{\"a\":1")).hasMessageContaining("bad JSON");
        assertThatThrownBy(() -> Json.object("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("trailing characters");
    }
}

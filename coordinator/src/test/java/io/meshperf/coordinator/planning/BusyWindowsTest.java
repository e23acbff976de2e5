package io.meshperf.coordinator.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BusyWindowsTest {

    private static Window w(long start, long end) {
        return new Window(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
    }

    private static final BusyWindows BUSY = BusyWindows.of(Map.of(
            "a", List.of(w(100, 200), w(250, 300)),
            "b", List.of(w(190, 260))));

    @ParameterizedTest(name = "{0},{1} from {2} for {3} -> {4}")
    @CsvSource({
        "a, , 0, 100, 0",      // ends exactly when a's first window starts
        "a, , 0, 101, 300",    // touches it, and 200..301 would hit 250..300
        "a, , 150, 50, 200",
        "a, , 150, 60, 300",   // 200..260 would hit 250..300
        "a, b, 150, 10, 300",  // a free at 200, but b busy until 260, then a busy until 300
        "c, , 150, 1000, 150", // a node with no windows
        "b, c, 0, 190, 0"})
    void findsTheFirstClearStart(String a, String b, long from, long length, long expected) {
        assertThat(BUSY.firstFree(a, b, from, length)).isEqualTo(expected);
    }

    @Test
    void reportsOverlapsAndMerges() {
        assertThat(BUSY.overlaps("a", Instant.ofEpochMilli(199), Instant.ofEpochMilli(250))).isTrue();
        assertThat(BUSY.overlaps("a", Instant.ofEpochMilli(200), Instant.ofEpochMilli(250))).isFalse();
        BusyWindows more = BUSY.and(BusyWindows.of(Map.of("a", List.of(w(0, 10)), "c", List.of(w(5, 6)))));
        assertThat(more.nodes()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(more.windows("a")).containsExactly(w(0, 10), w(100, 200), w(250, 300));
        assertThat(BusyWindows.none().and(BUSY)).isSameAs(BUSY);
        assertThatThrownBy(() -> w(5, 5)).hasMessageContaining("must be before its end");
    }
}

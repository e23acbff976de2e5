package io.meshperf.coordinator.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlotIdTest {

    @ParameterizedTest
    @CsvSource({"0,0,0", "0,1,1", "1,0,1048576", "3,4998,3150726", "1000000,1048575,1048577048575"})
    void packsCycleAndIndexIntoOneGrowingNumber(long cycle, int index, long number) {
        SlotId slot = new SlotId(cycle, index);
        assertThat(slot.number()).isEqualTo(number);
        assertThat(SlotId.fromNumber(number)).isEqualTo(slot);
    }

    @ParameterizedTest
    @CsvSource({"-1,0,slot cycle", "0,-1,slot index", "0,1048576,slot index"})
    void rejectsOutOfRange(long cycle, int index, String message) {
        assertThatThrownBy(() -> new SlotId(cycle, index)).hasMessageContaining(message);
    }
}

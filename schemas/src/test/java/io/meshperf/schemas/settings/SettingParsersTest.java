package io.meshperf.schemas.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SettingParsersTest {

    @Test
    void acceptsWhatIsValid() {
        assertThat(SettingParsers.nonBlank("x")).isEqualTo("x");
        assertThat(SettingParsers.intIn("65535", 1, 65535)).isEqualTo(65535);
        assertThat(SettingParsers.longIn("8784", 1, 8784)).isEqualTo(8784L);
        assertThat(SettingParsers.millis("0", 0)).isZero();
        assertThat(SettingParsers.hostPorts("a:9092, b:9093")).isEqualTo("a:9092, b:9093");
    }

    @Test
    void saysWhatTheValueMustBe() {
        assertThatThrownBy(() -> SettingParsers.nonBlank("")).hasMessage("must not be empty");
        assertThatThrownBy(() -> SettingParsers.intIn("1.5", 1, 9)).hasMessage("must be a whole number");
        assertThatThrownBy(() -> SettingParsers.intIn("0", 1, 9)).hasMessage("must be 1..9");
        assertThatThrownBy(() -> SettingParsers.longIn("10", 1, 9)).hasMessage("must be 1..9");
        assertThatThrownBy(() -> SettingParsers.millis("1s", 0)).hasMessage("must be a whole number of milliseconds");
        assertThatThrownBy(() -> SettingParsers.millis("5", 100)).hasMessage("must be at least 100 ms");
        assertThatThrownBy(() -> SettingParsers.hostPorts("a:9092,b")).hasMessage("each entry must be host:port, got 'b'");
        assertThatThrownBy(() -> SettingParsers.hostPorts("a:")).hasMessage("each entry must be host:port, got 'a:'");
        assertThatThrownBy(() -> SettingParsers.hostPorts("a:70000")).hasMessage("must be 1..65535");
    }
}

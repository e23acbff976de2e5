package io.meshperf.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostInfoTest {

    /** The verified cpu strings of section 9 (made-up cpuinfo files fed to the stock program). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz|2|2400.000|2400.000|2 Cores: Intel Xeon E5-2680 v4 @ 2.40GHz",
        "AMD EPYC 7B12 64-Core Processor|3|2250.000|2250.000|3 Cores: AMD EPYC 7B12 64-Core Processor 2.2GHz",
        "AMD EPYC 7B12 64-Core Processor|2|2250.000|1500.123|2 Cores: Mixed CPUs",
        "Intel(R) Pentium(R) processor  Processor foo|1|850.9|850.9|Intel Pentium  foo 850MHz",
        "Genuine  Intel(TM)  CPU T2500|2|2350.000|2350.000|2 Cores: Genuine Intel T2500 2.4GHz",
        "AMD EPYC|2|2596.148|2596.148|2 Cores: AMD EPYC 2.6GHz"})
    void cpuStringLikeQperf(String model, int count, String mhzFirst, String mhzOthers, String expected) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("processor\t: " + i);
            lines.add("model name\t: " + model);
            lines.add("cpu MHz\t\t: " + (i == 0 ? mhzFirst : mhzOthers));
        }

        assertThat(HostInfo.cpuString(lines)).isEqualTo(expected);
    }
}

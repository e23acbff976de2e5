package io.meshperf.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestBudgetTest {

    @ParameterizedTest(name = "{0} s test, wants {1} s timeout, {2} ms left -> {3}")
    @CsvSource({
        // plenty of time: the job's own timeout
        "2, 5, 120000, 5",
        // just enough for the wanted timeout: 2 s + 0.2 s + 6 x 5 s
        "2, 5, 32200, 5",
        // less: the timeout shrinks so the worst case still ends by the deadline
        "2, 5, 32199, 4",
        "2, 5, 10000, 1",
        // not even a 1 s timeout fits
        "2, 5, 8199, 0",
        "10, 5, 12000, 0",
        // a job asking for no timeout still gets 1 s
        "1, 0, 60000, 1",
    })
    void shrinksTheControlTimeoutToEndByTheDeadline(int timeSec, int wanted, long remainingMs, int expected) {
        Optional<Integer> t = TestBudget.controlTimeoutSec(timeSec, wanted, remainingMs);

        if (expected == 0) {
            assertThat(t).isEmpty();
            assertThat(remainingMs).isLessThan(TestBudget.minimumMs(timeSec));
        } else {
            assertThat(t).contains(expected);
            assertThat(TestBudget.worstCaseMs(timeSec, t.get())).isLessThanOrEqualTo(remainingMs);
        }
    }
}

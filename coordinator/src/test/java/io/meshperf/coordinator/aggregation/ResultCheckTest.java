package io.meshperf.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Results whose msg_rate or cpus used could not be a qperf figure are refused, naming the field. */
class ResultCheckTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static MeasurementResult.Builder tcpBw() {
        return Results.result("prod", Path.POD_TO_POD, TestType.TCP_BW, "a", "b", T0, Status.OK).setBwBytesPerSec(1e9);
    }

    private static void refused(MeasurementResult result, String field) {
        assertThatThrownBy(() -> ResultCheck.check(Results.key(result), result))
                .isInstanceOfSatisfying(ResultCheck.Rejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ResultCheck.INVALID))
                .hasMessageContaining(field);
    }

    @Test
    void validFiguresPass() {
        MeasurementResult ok = tcpBw().setMsgRatePerSec(36_000.0).setLocal(Results.side(199))
                .setRemote(Results.side(0)).build();
        assertThat(ResultCheck.check(Results.key(ok), ok)).isEqualTo("prod/POD_TO_POD/a/b");
        MeasurementResult without = tcpBw().build();
        assertThat(ResultCheck.check(Results.key(without), without)).isEqualTo("prod/POD_TO_POD/a/b");
    }

    @Test
    void negativeOrNonFiniteMsgRateOrCpusUsedIsRefused() {
        refused(tcpBw().setMsgRatePerSec(-1.0).build(), "msgRatePerSec must be finite and not negative, got -1.0");
        refused(tcpBw().setMsgRatePerSec(Double.POSITIVE_INFINITY).build(), "msgRatePerSec");
        refused(tcpBw().setLocal(Results.side(Double.NaN)).build(), "local.cpusUsedPercent");
        refused(tcpBw().setRemote(Results.side(-5)).build(), "remote.cpusUsedPercent");
    }
}

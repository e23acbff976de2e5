package io.meshperf.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.AgentInfo;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaHistoryTest {

    static List<AvroCodec<?>> codecs() {
        return Codecs.all();
    }

    /** (record, version number, kept schema) for every kept version of every record. */
    static List<Arguments> keptVersions() {
        List<Arguments> rows = new ArrayList<>();
        for (AvroCodec<?> codec : Codecs.all()) {
            List<Schema> versions = codec.history().versions();
            for (int i = 0; i < versions.size(); i++) {
                rows.add(Arguments.of(codec.schema().getName(), i + 1, versions.get(i), codec.schema()));
            }
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void currentSchemaIsTheNewestKeptVersion(AvroCodec<?> codec) {
        codec.history().releaseProblem(codec.schema()).ifPresent(problem -> {
            throw new AssertionError(problem);
        });
    }

    @ParameterizedTest(name = "{0} v{1}: reader current, writer kept")
    @MethodSource("keptVersions")
    void currentReadsEveryKeptVersion(String record, int version, Schema kept, Schema current) {
        assertCompatible(current, kept, record + ": current reader cannot read v" + version + " data");
    }

    @ParameterizedTest(name = "{0} v{1}: reader kept, writer current")
    @MethodSource("keptVersions")
    void everyKeptVersionReadsCurrent(String record, int version, Schema kept, Schema current) {
        assertCompatible(kept, current, record + ": a v" + version + " reader cannot read current data");
    }

    @Test
    void aChangedSchemaWithoutAVersionFileIsReportedWithTheFileToAdd() {
        Schema changed = FixtureSchemas.agentInfoBeforeCapabilities();
        SchemaHistory history = SchemaHistory.of("AgentInfo", List.of(changed));

        assertThat(history.releaseProblem(AgentInfo.getClassSchema())).hasValueSatisfying(problem -> assertThat(problem)
                .contains("AgentInfo schema changed", "io/meshperf/schemas/history/AgentInfo/v2.avsc",
                        SchemaHistory.hex(SchemaHistory.fingerprint(AgentInfo.getClassSchema()))));
    }

    @Test
    void goingBackToAnOlderWireFormatIsReported() {
        SchemaHistory history = SchemaHistory.of("AgentInfo",
                List.of(AgentInfo.getClassSchema(), FixtureSchemas.agentInfoBeforeCapabilities()));

        assertThat(history.releaseProblem(AgentInfo.getClassSchema())).hasValueSatisfying(problem -> assertThat(problem)
                .contains("kept as v1 but newer versions follow it"));
    }

    @Test
    void twoVersionsWithTheSameWireFormatAreRejected() {
        assertThatThrownBy(() -> SchemaHistory.of("AgentInfo",
                List.of(AgentInfo.getClassSchema(), AgentInfo.getClassSchema())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Versions 1 and 2 of AgentInfo have the same wire format");
    }

    @Test
    void aVersionOfAnotherRecordIsRejected() {
        assertThatThrownBy(() -> SchemaHistory.of("MeasurementJob", List.of(AgentInfo.getClassSchema())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a record named MeasurementJob");
    }

    @Test
    void aRecordWithoutVersionFilesFailsNamingTheFileExpected() {
        assertThatThrownBy(() -> SchemaHistory.load("NoSuchRecord"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io/meshperf/schemas/history/NoSuchRecord/v1.avsc");
    }

    @Test
    void keptVersionsAreFoundByFingerprint() {
        SchemaHistory history = Codecs.MEASUREMENT_RESULT.history();
        long current = Codecs.MEASUREMENT_RESULT.fingerprint();

        assertThat(history.versionOf(current)).hasValue(history.versions().size());
        assertThat(history.schemaFor(current)).contains(history.newest());
        assertThat(history.versionOf(current + 1)).isEmpty();
    }

    private static void assertCompatible(Schema reader, Schema writer, String what) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertThat(result.getType())
                .as("%s: %s", what, result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
}

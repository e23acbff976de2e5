package io.meshperf.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** Test-only schema variants under src/test/resources; never released versions. */
final class FixtureSchemas {

    private FixtureSchemas() {
    }

    /** AgentInfo as an imagined earlier writer had it: no region, httpPort or capabilities. */
    static Schema agentInfoBeforeCapabilities() {
        return load("io/meshperf/schemas/fixtures/AgentInfo-before-capabilities.avsc");
    }

    /** A record that is not a meshperf record at all, for foreign-bytes tests. */
    static Schema foreign() {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"org.example\","
                + "\"fields\":[{\"name\":\"sensor\",\"type\":\"string\"},{\"name\":\"value\",\"type\":\"double\"}]}");
    }

    private static Schema load(String resource) {
        try (InputStream in = FixtureSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

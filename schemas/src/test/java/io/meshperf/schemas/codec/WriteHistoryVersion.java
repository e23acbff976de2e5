package io.meshperf.schemas.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;

/**
 * Developer tool: releases the current schema of a topic record by writing it, self-contained, as the
 * next version file in src/main/resources. Run from the repository root or the schemas module:
 * {@code mvn -B -pl schemas test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.meshperf.schemas.codec.WriteHistoryVersion -Dexec.args=MeasurementResult}.
 * Refuses when the current schema is already the newest kept version.
 */
public final class WriteHistoryVersion {

    private WriteHistoryVersion() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException(
                    "usage: WriteHistoryVersion <record simple name, e.g. MeasurementResult>");
        }
        AvroCodec<?> codec = Codecs.all().stream().filter(c -> c.schema().getName().equals(args[0])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(args[0] + " is not a topic record"));
        SchemaHistory history = codec.history();
        if (history.releaseProblem(codec.schema()).isEmpty()) {
            throw new IllegalStateException("The current " + args[0] + " schema is already kept as v"
                    + history.versions().size() + "; nothing to release");
        }
        Path resources = List.of(Path.of("src/main/resources"), Path.of("schemas/src/main/resources")).stream()
                .filter(p -> Files.isDirectory(p.resolve(SchemaHistory.RESOURCE_ROOT))).findFirst()
                .orElseThrow(() -> new IllegalStateException("Run from the repository root or the schemas module"));
        Path file = resources.resolve(SchemaHistory.resourcePath(args[0], history.versions().size() + 1));
        Schema current = codec.schema();
        Files.writeString(file, SchemaFormatter.format("json/pretty", current) + "\n", StandardCharsets.UTF_8);
        System.out.println("wrote " + file + " (fingerprint " + SchemaHistory.hex(codec.fingerprint()) + ")");
    }
}

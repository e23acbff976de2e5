package io.meshperf.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;

/**
 * Every released version of one record's schema, oldest first.
 *
 * <p>Versions live on the class path as self-contained schemas at
 * {@code io/meshperf/schemas/history/<Record>/v1.avsc}, {@code v2.avsc}, ...; {@link #load} reads them
 * in order until the first missing number, so releasing a new version means adding one file. Versions
 * are told apart by their Avro parsing fingerprint (CRC-64-AVRO of the parsing canonical form), the
 * same fingerprint single-object encoding writes into every message header.
 *
 * <p>Immutable and thread-safe once built. Loading reads class-path resources (blocking, once, at
 * start-up) and fails with {@link IllegalStateException} naming the bad file.
 */
public final class SchemaHistory {

    /** Class-path folder holding one sub-folder of version files per record. */
    public static final String RESOURCE_ROOT = "io/meshperf/schemas/history/";

    private final String recordName;
    private final List<Schema> versions;
    private final Map<Long, Integer> versionByFingerprint;

    private SchemaHistory(String recordName, List<Schema> versions) {
        this.recordName = Objects.requireNonNull(recordName, "recordName");
        if (versions.isEmpty()) {
            throw new IllegalStateException("No schema version kept for " + recordName
                    + ": expected at least " + resourcePath(recordName, 1));
        }
        this.versions = List.copyOf(versions);
        Map<Long, Integer> byFingerprint = new LinkedHashMap<>();
        for (int i = 0; i < versions.size(); i++) {
            Schema schema = versions.get(i);
            if (schema.getType() != Schema.Type.RECORD || !schema.getName().equals(recordName)) {
                throw new IllegalStateException("Version " + (i + 1) + " of " + recordName + " is not a record named "
                        + recordName + " but " + schema.getType() + " " + schema.getFullName());
            }
            Integer earlier = byFingerprint.putIfAbsent(fingerprint(schema), i + 1);
            if (earlier != null) {
                throw new IllegalStateException("Versions " + earlier + " and " + (i + 1) + " of " + recordName
                        + " have the same wire format (fingerprint " + hex(fingerprint(schema))
                        + "); a new version file is only needed when the fingerprint changes");
            }
        }
        this.versionByFingerprint = Map.copyOf(byFingerprint);
    }

    /**
     * Loads every kept version of {@code recordName} (simple name, e.g. {@code MeasurementResult}) from
     * this module's class path.
     */
    public static SchemaHistory load(String recordName) {
        return load(SchemaHistory.class.getClassLoader(), recordName);
    }

    /** Loads every kept version of {@code recordName} through {@code loader}. */
    public static SchemaHistory load(ClassLoader loader, String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String path = resourcePath(recordName, version);
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    break;
                }
                // A fresh parser per file: each file defines the shared types again, on purpose.
                versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException | SchemaParseException e) {
                throw new IllegalStateException("Cannot read kept schema " + path + ": " + e.getMessage(), e);
            }
        }
        return new SchemaHistory(recordName, versions);
    }

    /** A history made of the given versions, oldest first; for tests and tools. */
    public static SchemaHistory of(String recordName, List<Schema> versions) {
        return new SchemaHistory(recordName, versions);
    }

    /** Class-path location of one version's file. */
    public static String resourcePath(String recordName, int version) {
        return RESOURCE_ROOT + recordName + "/v" + version + ".avsc";
    }

    /** The parsing fingerprint single-object encoding uses for {@code schema}. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** A fingerprint as 16 hex digits with a 0x prefix, the form every message here uses. */
    public static String hex(long fingerprint) {
        return String.format("0x%016x", fingerprint);
    }

    /** Simple name of the record. */
    public String recordName() {
        return recordName;
    }

    /** Every kept version, oldest (v1) first. */
    public List<Schema> versions() {
        return versions;
    }

    /** The newest kept version. */
    public Schema newest() {
        return versions.get(versions.size() - 1);
    }

    /** The version number (1-based) whose fingerprint is {@code fingerprint}, if kept. */
    public OptionalInt versionOf(long fingerprint) {
        Integer version = versionByFingerprint.get(fingerprint);
        return version == null ? OptionalInt.empty() : OptionalInt.of(version);
    }

    /** The kept version with this fingerprint, if any. */
    public Optional<Schema> schemaFor(long fingerprint) {
        Integer version = versionByFingerprint.get(fingerprint);
        return version == null ? Optional.empty() : Optional.of(versions.get(version - 1));
    }

    /**
     * Says what is wrong if {@code current} is not the newest kept version, as a message telling the
     * developer which file to add; empty when the history is up to date.
     */
    public Optional<String> releaseProblem(Schema current) {
        long currentFingerprint = fingerprint(current);
        if (fingerprint(newest()) == currentFingerprint) {
            return Optional.empty();
        }
        OptionalInt kept = versionOf(currentFingerprint);
        if (kept.isPresent()) {
            return Optional.of("The current " + recordName + " schema is kept as v" + kept.getAsInt()
                    + " but newer versions follow it (" + describe() + "): a released schema cannot go back to an"
                    + " older wire format; restore the newest version's fields and change forward from there");
        }
        return Optional.of("The " + recordName + " schema changed (its fingerprint is now " + hex(currentFingerprint)
                + ", kept versions are " + describe() + ") but no version file holds it. Release it by adding"
                + " schemas/src/main/resources/" + resourcePath(recordName, versions.size() + 1)
                + " (run: mvn -B -pl schemas test-compile exec:java -Dexec.classpathScope=test"
                + " -Dexec.mainClass=io.meshperf.schemas.codec.WriteHistoryVersion -Dexec.args=" + recordName
                + "), and keep the change compatible both ways");
    }

    /** "v1 0x..., v2 0x..." for error messages. */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < versions.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append('v').append(i + 1).append(' ').append(hex(fingerprint(versions.get(i))));
        }
        return text.toString();
    }
}

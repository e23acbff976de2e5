package io.meshperf.agent.cli;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes an Avro record as one line of flat JSON: the schema's field names, unions unwrapped (null or
 * the value itself, unlike Avro's own JSON encoding), enums as their symbol, timestamps as the long
 * the schema stores. Pure.
 */
public final class FlatJson {

    private FlatJson() {
    }

    public static String write(IndexedRecord record) {
        StringBuilder sb = new StringBuilder();
        value(sb, record);
        return sb.toString();
    }

    private static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof IndexedRecord r) {
            sb.append('{');
            List<Schema.Field> fields = r.getSchema().getFields();
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(sb, fields.get(i).name());
                sb.append(':');
                Object fv = r.get(fields.get(i).pos());
                if (fv instanceof Instant t) {
                    fv = micros(fields.get(i).schema(), t);
                }
                value(sb, fv);
            }
            sb.append('}');
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof ByteBuffer b) {
            string(sb, Base64.getEncoder().encodeToString(b.duplicate().array()));
        } else if (v instanceof GenericContainer || v instanceof Enum<?>) {
            string(sb, v.toString());
        } else {
            string(sb, v.toString());
        }
    }

    private static long micros(Schema s, Instant t) {
        Schema actual = s.getType() == Schema.Type.UNION ? s.getTypes().get(s.getTypes().size() - 1) : s;
        boolean millis = actual.getLogicalType() != null && "timestamp-millis".equals(actual.getLogicalType().getName());
        return millis ? t.toEpochMilli() : t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

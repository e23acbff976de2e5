package io.meshperf.coordinator.query.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Writes the query side's immutable view records as JSON: a record becomes an object with one
 * member per component, in declaration order; lists become arrays, maps objects, enums their
 * symbol, instants ISO-8601 text, durations seconds; NaN and infinite numbers become null, as JSON
 * has no such numbers. Views are plain records, so the JSON follows their Javadoc field by field.
 * Pure and thread-safe.
 */
public final class RecordJson {

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private RecordJson() {
    }

    /**
     * The JSON object of {@code record}.
     *
     * @throws IllegalArgumentException if {@code record} is not a record or holds a type with no JSON form
     */
    public static JsonObject toJson(Record record) {
        JsonObject json = new JsonObject();
        for (RecordComponent component : COMPONENTS.get(record.getClass())) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("cannot read " + record.getClass().getSimpleName() + "."
                        + component.getName(), e);
            }
            json.put(component.getName(), value(value));
        }
        return json;
    }

    private static Object value(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : d;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Duration duration) {
            return duration.toMillis() / 1000.0;
        }
        if (value instanceof Record record) {
            return toJson(record);
        }
        if (value instanceof Collection<?> items) {
            JsonArray array = new JsonArray();
            items.forEach(item -> array.add(value(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((k, v) -> object.put(String.valueOf(k), value(v)));
            return object;
        }
        throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }
}

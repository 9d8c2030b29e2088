package io.omniline.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.jooq.JSONB;

/** Converts between jsonb columns and Java maps. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Json() {}

    public static JSONB jsonb(Map<String, ?> value) {
        try {
            return JSONB.valueOf(MAPPER.writeValueAsString(value == null ? Map.of() : value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be stored as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, Object> map(JSONB value) {
        if (value == null) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(value.data(), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("jsonb column holds something other than an object", e);
        }
    }

    /** Checks that text is one JSON object; PostgreSQL would reject anything else less politely. */
    public static JSONB objectText(String json) {
        try {
            if (!MAPPER.readTree(json).isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            return JSONB.valueOf(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}

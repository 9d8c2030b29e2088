package io.omniline.server.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.omniline.db.flow.FlowDraft;
import io.omniline.db.flow.FlowVersion;

/** The API's JSON: ISO timestamps, strict request bodies, flow definitions inlined as JSON. */
public final class ApiJson {

    private ApiJson() {}

    public static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        // true or false, not 1 or "true": a number or text where a choice is asked is refused in words
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // 2.5 conversations is not 2: a whole-number field takes whole numbers only
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addMixIn(FlowDraft.class, DefinitionIsJson.class)
                .addMixIn(FlowVersion.class, DefinitionIsJson.class);
    }

    /** Definitions are stored as JSON text; the API shows them as JSON, not as a quoted string. */
    private abstract static class DefinitionIsJson {
        @JsonRawValue
        abstract String definition();
    }
}

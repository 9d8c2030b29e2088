package io.omniline.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * One API call: path parameters, query, body and who is acting.
 *
 * @param actor who the audit log names; until accounts exist, the X-Omniline-Actor header
 */
public record ApiRequest(Map<String, String> path, Map<String, String> query, String body, String actor,
                         ObjectMapper mapper) {

    public String path(String name) {
        return path.get(name);
    }

    /** The body as the given type; a malformed or mistyped body is a 400 that says why. */
    public <T> T body(Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the request needs a JSON body");
        }
        try {
            return mapper.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad request body: " + e.getOriginalMessage(), e);
        }
    }
}

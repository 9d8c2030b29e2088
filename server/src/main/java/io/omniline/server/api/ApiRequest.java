package io.omniline.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.account.WebSession;
import io.omniline.db.jooq.enums.AccountRole;
import java.util.Map;

/**
 * One API call: path parameters, query, body and the session of who is calling.
 */
public record ApiRequest(Map<String, String> path, Map<String, String> query, String body, WebSession session,
                         ObjectMapper mapper) {

    /** Who the audit log names: the signed-in login. */
    public String actor() {
        return session.account().login();
    }

    /** The caller's agent; an account without one (an admin) cannot act as an agent. */
    public long agentId() {
        Long agent = session.account().agentId();
        if (agent == null) {
            throw new ForbiddenException("only an agent's account can do this");
        }
        return agent;
    }

    public boolean isAgent() {
        return session.account().role() == AccountRole.agent;
    }

    /** A path parameter that must be a number, such as {@code {id}}; anything else is a 400. */
    public long number(String name) {
        try {
            return Long.parseLong(path.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was " + path.get(name));
        }
    }

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
            throw new IllegalArgumentException("bad request body: " + BodyProblems.describe(e), e);
        }
    }
}

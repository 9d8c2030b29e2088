package io.omniline.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.account.AccountRole;
import io.omniline.db.account.WebSession;
import io.omniline.server.http.UnstorableText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * One API call: path parameters, query, body and the session of who is calling.
 *
 * @param content the body's bytes; {@link #body()} is the same as text; null on an upload route
 * @param upload on a {@link Route#upload upload route}, the file the body was received into, deleted
 *     once the call is answered; null on the others
 */
public record ApiRequest(
        Map<String, String> path,
        Map<String, String> query,
        byte[] content,
        Path upload,
        WebSession session,
        ObjectMapper mapper) {

    /** The body as UTF-8 text (JSON); null when there is none. */
    public String body() {
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

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

    /**
     * A whole-number query parameter such as {@code ?size=20}: {@code fallback} when absent or blank;
     * anything but a whole number from {@code min} to {@code max} is a 400 naming the parameter.
     *
     * @param accepted what the number counts, for the refusal's words: "a number of entries"
     */
    public Long queryNumber(String name, Long fallback, long min, long max, String accepted) {
        String text = query.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, like a number out of range
        }
        throw new FieldProblem(
                name,
                name + " is " + accepted + ", a whole number from " + min
                        + (max == Long.MAX_VALUE ? " up" : " to " + max));
    }

    public String path(String name) {
        return path.get(name);
    }

    /** The body as the given type; a malformed or mistyped body is a 400 that says why. */
    public <T> T body(Class<T> type) {
        String body = body();
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the request needs a JSON body");
        }
        UnstorableText.Found unstorable = UnstorableText.find(mapper.getFactory(), body);
        if (unstorable != null) {
            throw new FieldProblem(unstorable.field(), unstorable.message());
        }
        try {
            return mapper.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad request body: " + BodyProblems.describe(e), e);
        }
    }
}

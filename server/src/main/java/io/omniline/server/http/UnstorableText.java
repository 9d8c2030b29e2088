package io.omniline.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.omniline.db.StorableText;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Refuses a JSON body with a NUL character (U+0000, written {@code \u0000} in JSON), or half of a
 * UTF-16 surrogate pair, in any text, value or key, at any depth. PostgreSQL stores neither in
 * text, so such a body would otherwise get as far as the database and fail there as the server's
 * error; here it is the caller's, named by its field. The API's bodies and the login are read
 * through it.
 */
public final class UnstorableText {

    private UnstorableText() {}

    /**
     * @param field the field's path, as {@code steps[0].name}; empty when the body is a bare string
     * @param message the refusal's words, naming the field
     */
    public record Found(String field, String message) {}

    /**
     * @return the first field whose text (or whose key) holds what no text may, or null when none
     *     does; a body that is not JSON passes, for the reader that follows to refuse in its own words
     */
    public static Found find(JsonFactory factory, String body) {
        if (body == null || body.indexOf('\\') < 0 && body.indexOf('\0') < 0) {
            return null;
        }
        try (JsonParser parser = factory.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING)
                        && !StorableText.storable(parser.getText())) {
                    String field = path(parser.getParsingContext());
                    return new Found(
                            field,
                            (field.isEmpty() ? "the body" : "field \"" + field + "\"")
                                    + (parser.getText().indexOf('\0') >= 0
                                            ? " contains a NUL character (U+0000), which no text may hold"
                                            : " contains half of a UTF-16 surrogate pair (\\uD800 to \\uDFFF"
                                                    + " without its other half), which no text may hold"));
                }
            }
        } catch (IOException notJson) {
            // the body's reader says what is wrong with it
        }
        return null;
    }

    /** As the API's body refusals name fields: {@code steps[0].name}; a NUL in a key is shown as \u0000. */
    public static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                parts.push("[" + Math.max(0, at.getCurrentIndex()) + "]");
            } else if (at.getCurrentName() != null) {
                parts.push("." + at.getCurrentName().replace("\0", "\\u0000"));
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}

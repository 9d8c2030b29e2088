package io.omniline.server.api;

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
 * error; here it is the caller's, named by its field.
 */
public final class NulCharacters {

    private NulCharacters() {}

    /**
     * @throws FieldProblem naming the first field whose text (or whose key) holds a NUL; a body that
     *     is not JSON passes, for the reader that follows to refuse in its own words
     */
    public static void refuse(JsonFactory factory, String body) {
        if (body == null || body.indexOf('\\') < 0 && body.indexOf('\0') < 0) {
            return;
        }
        try (JsonParser parser = factory.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING)
                        && !StorableText.storable(parser.getText())) {
                    String field = path(parser.getParsingContext());
                    throw new FieldProblem(
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
    }

    /** As {@link BodyProblems} names fields: {@code steps[0].name}; a NUL in a key is shown as \u0000. */
    static String path(JsonStreamContext context) {
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

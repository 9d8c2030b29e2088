package io.omniline.bridge.channels.chat;

import static io.omniline.bridge.testing.PlainWords.assertPlainWords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.omniline.testing.Fuzz;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a visitor's socket may carry, made up: JSON objects with known and unknown types, fields
 * of the wrong kind, nesting 3,000 deep, truncation, and text that is not JSON at all. Parsing
 * never throws anything but a refusal in plain words (the socket handler turns it into a
 * {@code bad_frame} error frame; ChatGatewayTest covers the socket's own limits).
 */
class ChatFrameFuzzTest {

    private static final Duration PER_CASE = Duration.ofSeconds(5);

    @Test
    void anyTextParsesToAFrameWithATypeOrIsRefusedInWords() {
        Fuzz.cases(PER_CASE, random -> {
            String text = frame(random);
            Throwable refused = catchThrowable(
                    () -> assertThat(ChatFrames.parse(text).type()).isNotNull());
            if (refused != null) {
                assertThat(refused).isInstanceOf(IllegalArgumentException.class);
                assertPlainWords(refused.getMessage());
            }
        });
    }

    private static String frame(Random random) {
        return switch (Fuzz.weighted(random, 8, 1, 1, 1)) {
            case 0 -> object(random);
            case 1 -> {
                String object = object(random);
                yield object.substring(0, Fuzz.between(random, 0, object.length()));
            }
            case 2 -> Fuzz.string(random, 60);
            default -> value(random);
        };
    }

    private static String object(Random random) {
        String first = random.nextBoolean() ? "\"type\":" + quoted(type(random)) : "\"type\":" + value(random);
        List<String> rest = Fuzz.list(
                random,
                6,
                r -> "\""
                        + Fuzz.pick(
                                r,
                                "type",
                                "token",
                                "name",
                                "phone",
                                "email",
                                "id",
                                "text",
                                "kind",
                                "code",
                                "extra",
                                "__proto__")
                        + "\":" + value(r));
        return "{" + first + (rest.isEmpty() ? "" : "," + String.join(",", rest)) + "}";
    }

    private static String type(Random random) {
        return random.nextBoolean()
                ? Fuzz.pick(random, "hello", "message", "typing", "verify", "code", "end", "", "HELLO")
                : Fuzz.string(random, 'a', 'z', 10);
    }

    private static String value(Random random) {
        return switch (Fuzz.weighted(random, 5, 1, 1)) {
            case 0 -> quoted(Fuzz.string(random, 30));
            case 1 ->
                Fuzz.pick(
                        random,
                        "null",
                        "true",
                        "0",
                        "-1e999",
                        "[]",
                        "{}",
                        "[1,{\"a\":[]}]",
                        "\"\\u0000\"",
                        "\"\\ud800\"",
                        "{\"type\":\"hello\"}");
            default -> {
                int depth = Fuzz.between(random, 1, 3000);
                yield "[".repeat(depth) + "]".repeat(depth);
            }
        };
    }

    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}

package io.omniline.bridge.chat;

import static io.omniline.bridge.testing.PlainWords.assertPlainWords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * What a visitor's socket may carry, made up: JSON objects with known and unknown types, fields
 * of the wrong kind, nesting 3,000 deep, truncation, and text that is not JSON at all. Parsing
 * never throws anything but a refusal in plain words (the socket handler turns it into a
 * {@code bad_frame} error frame; ChatGatewayTest covers the socket's own limits).
 */
class ChatFrameFuzzTest {

    private static final Duration PER_CASE = Duration.ofSeconds(5);

    @Property
    void anyTextParsesToAFrameWithATypeOrIsRefusedInWords(@ForAll("frames") String text) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            Throwable refused = catchThrowable(() -> assertThat(ChatFrames.parse(text).type()).isNotNull());
            if (refused != null) {
                assertThat(refused).isInstanceOf(IllegalArgumentException.class);
                assertPlainWords(refused.getMessage());
            }
        });
    }

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> type = Arbitraries.oneOf(
                Arbitraries.of("hello", "message", "typing", "verify", "code", "end", "", "HELLO"),
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.strings().ofMaxLength(30).map(ChatFrameFuzzTest::quoted)),
                Tuple.of(1, Arbitraries.of("null", "true", "0", "-1e999", "[]", "{}", "[1,{\"a\":[]}]", "\"\\u0000\"",
                        "\"\\ud800\"", "{\"type\":\"hello\"}")),
                Tuple.of(1, Arbitraries.integers().between(1, 3000).map(depth -> "[".repeat(depth) + "]".repeat(depth))));
        Arbitrary<String> field = Arbitraries.of("type", "token", "name", "phone", "email", "id", "text", "kind", "code",
                "extra", "__proto__");
        Arbitrary<String> object = Arbitraries.oneOf(
                        type.map(t -> "\"type\":" + quoted(t)),
                        value.map(v -> "\"type\":" + v))
                .flatMap(first -> field.flatMap(f -> value.map(v -> "\"" + f + "\":" + v)).list().ofMaxSize(6)
                        .map(rest -> "{" + first + (rest.isEmpty() ? "" : "," + String.join(",", rest)) + "}"));
        return Arbitraries.frequencyOf(
                Tuple.of(8, object),
                Tuple.of(1, object.flatMap(o -> Arbitraries.integers().between(0, o.length()).map(cut -> o.substring(0, cut)))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(60)),
                Tuple.of(1, value));
    }

    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}

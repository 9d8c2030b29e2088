package io.omniline.bridge.chat;

import static io.omniline.bridge.testing.PlainWords.assertPlainWords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.bridge.testing.Bridge;
import io.omniline.bridge.testing.ChatClient;
import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * What a visitor's socket may carry, made up: JSON objects with known and unknown types, fields
 * of the wrong kind, nesting, truncation, and text that is not JSON at all. Parsing never throws
 * anything but a refusal in plain words; a real gateway answers each frame with frames the widget
 * knows, never shows a Java name, and still acknowledges the visitor's next proper message.
 */
class ChatFrameFuzzTest {

    private static final Duration PER_CASE = Duration.ofSeconds(20);
    private static final Set<String> SERVER_FRAMES = Set.of("welcome", "ack", "error", "message", "typing", "joined",
            "waiting", "ended", "code-sent", "verified");

    private static DatabaseSettings database;
    private static Database db;
    private static Bridge bridge;
    private static ChatGateway gateway;
    private static final AtomicInteger visitors = new AtomicInteger();

    @BeforeContainer
    static void start() throws InterruptedException {
        database = TestDatabase.createAnother();
        db = Database.connect(database);
        bridge = new Bridge(db.dsl());
        ChatGatewaySettings generous = new ChatGatewaySettings("127.0.0.1", 0, 65_536, 4_000, 1_000, 1_000, 1_000, 1_000,
                50, Duration.ofMinutes(1), 1_000_000, 1_000_000, Duration.ofMinutes(2));
        gateway = ChatGateway.start(generous, bridge.chat, new VisitorTokens(new byte[32], Duration.ofDays(1),
                Clock.systemUTC()), bridge.events, bridge.registry);
    }

    @AfterContainer
    static void stop() {
        gateway.close();
        bridge.close();
        db.close();
        TestDatabase.drop(database);
    }

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

    @Property(tries = 20)
    void aGatewayAnswersEveryMadeUpFrameAndStillTakesTheNextProperMessage(@ForAll("conversations") List<String> frames) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            try (ChatClient visitor = ChatClient.connect(gateway.port())) {
                visitor.hello(null, null, null, null).next("welcome");
                frames.forEach(visitor::send);
                String proper = "proper-" + visitors.incrementAndGet();
                visitor.say(proper, "still there?");
                JsonNode ack = visitor.next("ack");
                while (!ack.path("ref").asText().equals(proper)) {
                    ack = visitor.next("ack");
                }
                for (JsonNode frame : visitor.drain(Duration.ofMillis(5))) {
                    answered(frame);
                }
            }
        });
    }

    private static void answered(JsonNode frame) {
        assertThat(SERVER_FRAMES).contains(frame.path("type").asText());
        if (frame.path("type").asText().equals("error")) {
            assertThat(frame.path("code").asText()).isNotBlank();
            assertPlainWords(frame.path("message").asText());
        }
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

    @Provide
    Arbitrary<List<String>> conversations() {
        // An end frame ends the chat, after which a message is refused as closed (ChatGatewayTest covers that).
        return frames().filter(frame -> frame.length() < 60_000 && !frame.contains("\"end\"")).list().ofMaxSize(15);
    }

    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}

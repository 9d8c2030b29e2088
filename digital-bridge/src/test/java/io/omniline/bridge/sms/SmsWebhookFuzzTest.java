package io.omniline.bridge.sms;

import static io.omniline.bridge.testing.PlainWords.assertPlainWords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.omniline.bridge.testing.Bridge;
import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * What may be posted to the SMS webhook, made up: signature headers of every wrong shape, and
 * correctly signed bodies that are not what a provider sends (not JSON, wrong types, missing or
 * huge fields, NULs, bytes that are not UTF-8). Each gets 200, 400 or 401 with words a provider's
 * engineer can act on; never an exception, never a 500, never a Java name.
 */
class SmsWebhookFuzzTest {

    private static final Duration PER_CASE = Duration.ofSeconds(10);
    private static final byte[] SECRET = "a-shared-secret-of-enough-length".getBytes(StandardCharsets.UTF_8);

    private static DatabaseSettings database;
    private static Database db;
    private static Bridge bridge;
    private static SmsWebhook webhook;

    @BeforeContainer
    static void start() {
        database = TestDatabase.createAnother();
        db = Database.connect(database);
        bridge = new Bridge(db.dsl());
        SmsInbox inbox = new SmsInbox(db.dsl(), bridge.resolver, bridge.normalizer, bridge.router, bridge.events, "sms",
                Duration.ofMinutes(30));
        webhook = new SmsWebhook(inbox, SECRET, Duration.ofMinutes(5), Clock.systemUTC());
    }

    @AfterContainer
    static void stop() {
        bridge.close();
        db.close();
        TestDatabase.drop(database);
    }

    @Property
    void aWrongSignatureIsRefusedWith401InWords(@ForAll("signatures") String signature, @ForAll @Size(max = 2000) byte[] body) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            SmsWebhook.Outcome outcome = webhook.receive(signature, body);
            assertThat(outcome.status()).isEqualTo(401);
            assertPlainWords(outcome.message());
        });
    }

    @Property
    void aSignedBodyIsStoredOrRefusedWith400InWords(@ForAll("bodies") byte[] body) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            SmsWebhook.Outcome outcome = webhook.receive(webhook.sign(Clock.systemUTC().instant().getEpochSecond(), body), body);
            assertThat(outcome.status()).isIn(200, 400);
            assertPlainWords(outcome.message());
        });
    }

    @Provide
    Arbitrary<String> signatures() {
        long now = Clock.systemUTC().instant().getEpochSecond();
        Arbitrary<String> time = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.of(String.valueOf(now), "", "1e9", "-0", "99999999999999999999999"));
        Arbitrary<String> hex = Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdef").ofMaxLength(70),
                Arbitraries.strings().ofMaxLength(70));
        return Arbitraries.oneOf(
                Combinators.combine(time, hex).as((t, v) -> "t=" + t + ",v1=" + v),
                Combinators.combine(time, hex).as((t, v) -> "v1=" + v + " , t=" + t + ",,="),
                Arbitraries.strings().ofMaxLength(100),
                Arbitraries.of("", " ", "t=", "v1=", "t=1,v1", ",,,,"));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.strings().ofMaxLength(40).map(SmsWebhookFuzzTest::quoted)),
                Tuple.of(1, Arbitraries.of("null", "1", "[]", "{}", "true", "\"\\u0000\"", "\"\\ud800\"", "\"+15551230000\"")),
                Tuple.of(1, Arbitraries.integers().between(100, 5000).map(n -> quoted("9".repeat(n)))));
        Arbitrary<String> field = Arbitraries.of("id", "from", "to", "text", "extra");
        Arbitrary<String> object = field.flatMap(f -> value.map(v -> quoted(f) + ":" + v)).list().ofMaxSize(6)
                .map(fields -> "{" + String.join(",", fields) + "}");
        return Arbitraries.oneOf(
                object.map(json -> json.getBytes(StandardCharsets.UTF_8)),
                object.flatMap(json -> Arbitraries.integers().between(0, json.length())
                        .map(cut -> json.substring(0, cut).getBytes(StandardCharsets.UTF_8))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(500));
    }

    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}

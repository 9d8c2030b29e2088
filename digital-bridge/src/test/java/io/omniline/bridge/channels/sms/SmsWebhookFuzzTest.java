package io.omniline.bridge.channels.sms;

import static io.omniline.bridge.testing.PlainWords.assertPlainWords;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.omniline.bridge.testing.Bridge;
import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.testing.TestDatabase;
import io.omniline.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @BeforeAll
    static void start() {
        database = TestDatabase.createAnother();
        db = Database.connect(database);
        bridge = new Bridge(db.repositories());
        SmsInbox inbox = new SmsInbox(
                db.transactions(),
                bridge.resolver,
                bridge.normalizer,
                bridge.router,
                bridge.events,
                "sms",
                Duration.ofMinutes(30));
        webhook = new SmsWebhook(inbox, SECRET, Duration.ofMinutes(5), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        bridge.close();
        db.close();
        TestDatabase.drop(database);
    }

    @Test
    void aWrongSignatureIsRefusedWith401InWords() {
        long now = Clock.systemUTC().instant().getEpochSecond();
        Fuzz.cases(PER_CASE, random -> {
            String signature = signature(random, now);
            byte[] body = Fuzz.bytes(random, 2000);
            SmsWebhook.Outcome outcome = webhook.receive(signature, body);
            assertThat(outcome.status()).isEqualTo(401);
            assertPlainWords(outcome.message());
        });
    }

    @Test
    void aSignedBodyIsStoredOrRefusedWith400InWords() {
        Fuzz.cases(PER_CASE, random -> {
            byte[] body = body(random);
            SmsWebhook.Outcome outcome =
                    webhook.receive(webhook.sign(Clock.systemUTC().instant().getEpochSecond(), body), body);
            assertThat(outcome.status()).isIn(200, 400);
            assertPlainWords(outcome.message());
        });
    }

    /** Found at case 1,603 of a 10,000-case run: a "+…" sender that is no phone number threw out of the inbox. */
    @Test
    void aPlusSenderThatIsNoPhoneNumberIsStoredAttachedToNoCustomer() {
        byte[] body = "{\"id\": \"fuzz-plus\", \"from\": \"+$e 9?X VH ]M\", \"to\": \"12345\", \"text\": \"hi\"}"
                .getBytes(StandardCharsets.UTF_8);
        SmsWebhook.Outcome outcome =
                webhook.receive(webhook.sign(Clock.systemUTC().instant().getEpochSecond(), body), body);
        assertThat(outcome.status()).isEqualTo(200);
    }

    private static String signature(Random random, long now) {
        return switch (random.nextInt(4)) {
            case 0 -> "t=" + time(random, now) + ",v1=" + hex(random);
            case 1 -> "v1=" + hex(random) + " , t=" + time(random, now) + ",,=";
            case 2 -> Fuzz.string(random, 100);
            default -> Fuzz.pick(random, "", " ", "t=", "v1=", "t=1,v1", ",,,,");
        };
    }

    private static String time(Random random, long now) {
        return random.nextBoolean()
                ? String.valueOf(random.nextLong())
                : Fuzz.pick(random, String.valueOf(now), "", "1e9", "-0", "99999999999999999999999");
    }

    private static String hex(Random random) {
        return random.nextBoolean() ? Fuzz.string(random, "0123456789abcdef", 70) : Fuzz.string(random, 70);
    }

    private static byte[] body(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> object(random).getBytes(StandardCharsets.UTF_8);
            case 1 -> {
                String json = object(random);
                yield json.substring(0, Fuzz.between(random, 0, json.length())).getBytes(StandardCharsets.UTF_8);
            }
            default -> Fuzz.bytes(random, 500);
        };
    }

    private static String object(Random random) {
        List<String> fields =
                Fuzz.list(random, 6, r -> quoted(Fuzz.pick(r, "id", "from", "to", "text", "extra")) + ":" + value(r));
        return "{" + String.join(",", fields) + "}";
    }

    private static String value(Random random) {
        return switch (Fuzz.weighted(random, 5, 1, 1)) {
            case 0 -> quoted(Fuzz.string(random, 40));
            case 1 ->
                Fuzz.pick(random, "null", "1", "[]", "{}", "true", "\"\\u0000\"", "\"\\ud800\"", "\"+15551230000\"");
            default -> quoted("9".repeat(Fuzz.between(random, 100, 5000)));
        };
    }

    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}

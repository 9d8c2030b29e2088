package io.omniline.bridge.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.testing.Fuzz;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a mailbox may hold, made up: headers with broken encoded words, unknown charsets, ids by
 * the thousand and dates that are not dates; bodies of nested multiparts with wrong, missing and
 * repeated boundaries, unknown transfer encodings, broken base64 and quoted-printable, NULs and
 * lone UTF-16 halves. Reading one never throws (an exception here would stop the mailbox at that
 * mail for good), never takes more than a few seconds, and gives text the database can store.
 */
class MimeFuzzTest {

    private static final Duration PER_CASE = Duration.ofSeconds(10);
    private static final Session SESSION = Session.getInstance(new Properties());
    private final MimeReader reader = new MimeReader(64 * 1024, 1024 * 1024);

    @Test
    void madeUpMailIsReadIntoStorableTextWithoutThrowing() {
        Fuzz.cases(PER_CASE, random -> readable(mail(random).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anyBytesAreReadIntoStorableTextWithoutThrowing() {
        Fuzz.cases(PER_CASE, random -> readable(Fuzz.bytes(random, 20_000)));
    }

    private void readable(byte[] bytes) throws Exception {
        MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
        ParsedEmail parsed = reader.read(message, "<fallback@omniline.invalid>");
        assertThat(parsed.messageId()).isNotBlank();
        assertThat(parsed.body()).isNotNull();
        List<String> texts = new java.util.ArrayList<>(List.of(parsed.body(), parsed.messageId()));
        texts.addAll(parsed.problems());
        texts.addAll(parsed.references());
        texts.addAll(parsed.to());
        for (String text :
                new String[] {parsed.subject(), parsed.fromAddress(), parsed.fromName(), parsed.inReplyTo()}) {
            if (text != null) {
                texts.add(text);
            }
        }
        for (String text : texts) {
            assertThat(storable(text)).as("storable: %s", text).isTrue();
        }
        assertThat(parsed.references()).hasSizeLessThanOrEqualTo(50);
        parsed.attachments().stream()
                .map(ParsedAttachment::fileName)
                .filter(java.util.Objects::nonNull)
                .forEach(name ->
                        assertThat(storable(name)).as("storable: %s", name).isTrue());
    }

    /** PostgreSQL text takes neither NUL nor a lone UTF-16 half. */
    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String mail(Random random) {
        List<String> headers = Fuzz.list(random, 12, MimeFuzzTest::header);
        return String.join("\r\n", headers)
                + (headers.isEmpty() ? "" : "\r\n")
                + part(random, Fuzz.between(random, 0, 4));
    }

    private static String junk(Random random) {
        return switch (Fuzz.weighted(random, 6, 2, 1)) {
            case 0 -> Fuzz.string(random, 40);
            case 1 -> Fuzz.string(random, "=?QBqb_+/\r\n\t :;\"<>@.\u0000", 30);
            default -> "a".repeat(Fuzz.between(random, 1000, 5000));
        };
    }

    private static String charset(Random random) {
        return Fuzz.pick(
                random,
                "utf-8",
                "iso-8859-1",
                "windows-1252",
                "koi8-r",
                "x-unknown",
                "",
                "\"utf-8",
                "utf-16",
                "utf-32",
                "gb18030");
    }

    private static String header(Random random) {
        String junk = junk(random);
        return switch (random.nextInt(10)) {
            case 0 -> "Subject: " + junk;
            case 1 -> "Subject: =?" + charset(random) + "?B?" + junk + "?=";
            case 2 -> "From: =?" + charset(random) + "?Q?" + junk + "?= <" + junk + "@example.com>";
            case 3 -> "From: " + junk;
            case 4 -> "To: " + junk + ", <>, ,,";
            case 5 -> "Message-ID: <" + junk + ">";
            case 6 -> "In-Reply-To: " + junk;
            case 7 -> "References: " + "<r@x> ".repeat(Fuzz.between(random, 0, 3000));
            case 8 -> "Date: " + junk;
            default -> "X-" + junk.replace(":", "") + ": " + junk;
        };
    }

    /** A leaf at depth 0; otherwise a multipart whose parts are all one level less deep. */
    private static String part(Random random, int depth) {
        return depth == 0 ? leaf(random) : multipart(random, Fuzz.list(random, 4, r -> part(r, depth - 1)));
    }

    private static String leaf(Random random) {
        String type = Fuzz.pick(
                random, "text/plain", "text/html", "application/pdf", "message/rfc822", "image/png", "text/x-unknown");
        String charset = charset(random);
        String encoding =
                Fuzz.pick(random, "7bit", "8bit", "base64", "quoted-printable", "binary", "x-uuencode", "rot13", "");
        String body = junk(random);
        String disposition = Fuzz.pick(
                random,
                "",
                "attachment; filename=\"a.pdf\"",
                "attachment; filename*=utf-8''%E2%9C%93",
                "inline",
                "attachment; filename=\"\u0000.txt\"");
        return "Content-Type: " + type + "; charset=" + charset + "\r\n"
                + "Content-Transfer-Encoding: " + encoding + "\r\n"
                + (disposition.isEmpty() ? "" : "Content-Disposition: " + disposition + "\r\n")
                + "\r\n" + body + "\r\n";
    }

    private static String multipart(Random random, List<String> parts) {
        String[] boundaries = {"b1", "b2", "", "--", "b1--", "a very long boundary ".repeat(5)};
        String subtype = Fuzz.pick(random, "mixed", "alternative", "related", "digest");
        String declared = Fuzz.pick(random, boundaries);
        String used = Fuzz.pick(random, boundaries);
        StringBuilder body = new StringBuilder(
                "Content-Type: multipart/" + subtype + "; boundary=\"" + declared + "\"\r\n\r\npreamble\r\n");
        for (String p : parts) {
            body.append("--").append(used).append("\r\n").append(p);
        }
        if (random.nextBoolean()) {
            body.append("--").append(used).append("--\r\n");
        }
        return body.toString();
    }
}

package io.omniline.bridge.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

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

    @Property
    void madeUpMailIsReadIntoStorableTextWithoutThrowing(@ForAll("mails") String mail) {
        readable(mail.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void anyBytesAreReadIntoStorableTextWithoutThrowing(@ForAll @Size(max = 20_000) byte[] bytes) {
        readable(bytes);
    }

    private void readable(byte[] bytes) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
            ParsedEmail parsed = reader.read(message, "<fallback@omniline.invalid>");
            assertThat(parsed.messageId()).isNotBlank();
            assertThat(parsed.body()).isNotNull();
            List<String> texts = new java.util.ArrayList<>(List.of(parsed.body(), parsed.messageId()));
            texts.addAll(parsed.problems());
            texts.addAll(parsed.references());
            texts.addAll(parsed.to());
            for (String text : new String[] {parsed.subject(), parsed.fromAddress(), parsed.fromName(), parsed.inReplyTo()}) {
                if (text != null) {
                    texts.add(text);
                }
            }
            for (String text : texts) {
                assertThat(storable(text)).as("storable: %s", text).isTrue();
            }
            assertThat(parsed.references()).hasSizeLessThanOrEqualTo(50);
            parsed.attachments().stream().map(ParsedAttachment::fileName).filter(java.util.Objects::nonNull)
                    .forEach(name -> assertThat(storable(name)).as("storable: %s", name).isTrue());
        });
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

    @Provide
    Arbitrary<String> mails() {
        Arbitrary<String> junk = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().withChars("=?QBqb_+/\r\n\t :;\"<>@.\u0000").ofMaxLength(30)),
                Tuple.of(1, Arbitraries.integers().between(1000, 5000).map("a"::repeat)));
        Arbitrary<String> charset = Arbitraries.of("utf-8", "iso-8859-1", "windows-1252", "koi8-r", "x-unknown", "",
                "\"utf-8", "utf-16", "utf-32", "gb18030");
        Arbitrary<String> encoding = Arbitraries.of("7bit", "8bit", "base64", "quoted-printable", "binary", "x-uuencode",
                "rot13", "");
        Arbitrary<String> header = Arbitraries.oneOf(
                junk.map(j -> "Subject: " + j),
                Combinators.combine(charset, junk).as((c, j) -> "Subject: =?" + c + "?B?" + j + "?="),
                Combinators.combine(charset, junk).as((c, j) -> "From: =?" + c + "?Q?" + j + "?= <" + j + "@example.com>"),
                junk.map(j -> "From: " + j),
                junk.map(j -> "To: " + j + ", <>, ,,"),
                junk.map(j -> "Message-ID: <" + j + ">"),
                junk.map(j -> "In-Reply-To: " + j),
                Arbitraries.integers().between(0, 3000).map(n -> "References: " + "<r@x> ".repeat(n)),
                junk.map(j -> "Date: " + j),
                junk.map(j -> "X-" + j.replace(":", "") + ": " + j));
        Arbitrary<String> leaf = Combinators.combine(Arbitraries.of("text/plain", "text/html", "application/pdf",
                        "message/rfc822", "image/png", "text/x-unknown"), charset, encoding, junk,
                Arbitraries.of("", "attachment; filename=\"a.pdf\"", "attachment; filename*=utf-8''%E2%9C%93", "inline",
                        "attachment; filename=\"\u0000.txt\""))
                .as((type, cs, enc, body, disposition) -> "Content-Type: " + type + "; charset=" + cs + "\r\n"
                        + "Content-Transfer-Encoding: " + enc + "\r\n"
                        + (disposition.isEmpty() ? "" : "Content-Disposition: " + disposition + "\r\n")
                        + "\r\n" + body + "\r\n");
        Arbitrary<String> part = Arbitraries.recursive(() -> leaf, this::multipart, 0, 4);
        return Combinators.combine(header.list().ofMaxSize(12), part)
                .as((headers, body) -> String.join("\r\n", headers) + (headers.isEmpty() ? "" : "\r\n") + body);
    }

    private Arbitrary<String> multipart(Arbitrary<String> inner) {
        Arbitrary<String> boundary = Arbitraries.of("b1", "b2", "", "--", "b1--", "a very long boundary ".repeat(5));
        return Combinators.combine(Arbitraries.of("mixed", "alternative", "related", "digest"), boundary, boundary,
                        inner.list().ofMaxSize(4), Arbitraries.of(true, false))
                .as((subtype, declared, used, parts, closed) -> {
                    StringBuilder body = new StringBuilder("Content-Type: multipart/" + subtype + "; boundary=\""
                            + declared + "\"\r\n\r\npreamble\r\n");
                    for (String p : parts) {
                        body.append("--").append(used).append("\r\n").append(p);
                    }
                    if (closed) {
                        body.append("--").append(used).append("--\r\n");
                    }
                    return body.toString();
                });
    }
}

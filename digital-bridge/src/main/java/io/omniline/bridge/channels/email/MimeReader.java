package io.omniline.bridge.channels.email;

import io.omniline.bridge.inbound.InboundContent;
import io.omniline.customers.resolve.ContactDetails;
import io.omniline.db.StorableText;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads what an agent needs out of a MIME message: sender, threading headers, the text (plain
 * preferred, HTML otherwise) in the charset it declares, and attachments up to a size limit.
 * A broken tree, an unknown charset or an unreadable part never stops the import: what can be
 * read is kept and the rest is named in {@link ParsedEmail#problems()}. Characters PostgreSQL
 * cannot store (a NUL, a broken UTF-16 pair) are left out and named there too, with the original
 * attached. A message over the size limit is not downloaded at all: its headers are read and the
 * rest stays in the mailbox.
 */
public final class MimeReader {

    /** Nested messages deeper than this are treated as attachments, so a crafted mail cannot recurse us to death. */
    private static final int MAX_DEPTH = 10;
    /** RFC 5322's line limit; a longer "Message-ID" is not one, and would not fit an index. */
    private static final int MAX_ID_CHARS = 998;
    /** Threading looks at the nearest ones; a References header of thousands of ids is not a thread. */
    private static final int MAX_REFERENCES = 50;

    private final long maxAttachmentBytes;
    private final long maxMessageBytes;

    public MimeReader(long maxAttachmentBytes, long maxMessageBytes) {
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Whether a message of this size is best fetched whole, in one round trip, rather than part
     * by part: none of its attachments can be over the limit, so all of it is downloaded anyway.
     * A larger one is read through the server, leaving an attachment over the limit unfetched.
     */
    public boolean fetchWhole(long sizeBytes) {
        return sizeBytes <= maxAttachmentBytes;
    }

    /** Whether a message of this size (as the server announces it) is too large to download. */
    public boolean tooLarge(long sizeBytes) {
        return sizeBytes > maxMessageBytes;
    }

    public ParsedEmail read(MimeMessage message, String fallbackMessageId) throws MessagingException {
        Walk walk = new Walk();
        try {
            walk.part(message, 0);
        } catch (MessagingException | IOException | RuntimeException e) {
            walk.problems.add("the MIME structure is broken: " + e.getMessage());
        }
        String body = walk.plain != null ? walk.plain : walk.html;
        String bodyType = walk.plain != null || walk.html == null ? "text/plain" : "text/html";
        if (body == null) {
            body = walk.problems.isEmpty()
                    ? ""
                    : "[this email could not be read: " + String.join("; ", walk.problems) + "]";
        }
        boolean keepOriginal = !walk.problems.isEmpty();
        Cleaner clean = new Cleaner();
        Headers headers = headers(message, fallbackMessageId, walk.problems, clean);
        body = clean.text(body);
        List<ParsedAttachment> attachments =
                new ArrayList<>(walk.attachments.stream().map(clean::attachment).toList());
        if (clean.changed > 0) {
            walk.problems.add(InboundContent.charactersLeftOut(clean.changed));
            keepOriginal = true;
        }
        if (keepOriginal && attachments.stream().noneMatch(a -> "original.eml".equals(a.fileName()))) {
            attachments.add(original(message));
        }
        return headers.email(body, bodyType, attachments, clean.all(walk.problems));
    }

    /**
     * A message too large to download: its headers, so it threads and reaches its customer, and a
     * note of what was left in the mailbox.
     *
     * @param where where it stays (folder and UID), for whoever needs the whole message
     */
    public ParsedEmail headersOnly(MimeMessage message, String fallbackMessageId, long sizeBytes, String where)
            throws MessagingException {
        List<String> problems = new ArrayList<>();
        Headers headers = headers(message, fallbackMessageId, problems, new Cleaner());
        String limit = String.format(
                Locale.ROOT, "larger than the %,d-byte message limit (about %,d bytes)", maxMessageBytes, sizeBytes);
        problems.add(limit + "; not downloaded");
        return headers.email(
                "[this email is " + limit + ", so it was not downloaded; it is still in the mailbox, " + where + "]",
                "text/plain",
                List.of(new ParsedAttachment(
                        "original.eml", "message/rfc822", sizeBytes, null, limit + "; still in the mailbox, " + where)),
                problems);
    }

    /**
     * A message the database would not take as it was read: nothing of it but a note and the
     * original, under the mailbox's own id for it, so the mailbox moves on and nothing is lost.
     */
    public ParsedEmail setAside(MimeMessage message, String fallbackMessageId, long sizeBytes, String reason) {
        ParsedAttachment kept = tooLarge(sizeBytes)
                ? new ParsedAttachment(
                        "original.eml",
                        "message/rfc822",
                        sizeBytes,
                        null,
                        "too large to download; still in the mailbox")
                : original(message);
        return new ParsedEmail(
                fallbackMessageId,
                null,
                List.of(),
                null,
                null,
                List.of(),
                null,
                null,
                "[this email could not be stored as it came (" + reason + "); the original is attached]",
                "text/plain",
                List.of(kept),
                List.of(reason));
    }

    /** What the headers say, as stored; a header that cannot be read is left out and named. */
    private Headers headers(MimeMessage message, String fallbackMessageId, List<String> problems, Cleaner clean)
            throws MessagingException {
        InternetAddress from = sender(message, problems);
        List<String> references = ids(message.getHeader("References"));
        return new Headers(
                clean.text(messageId(message, fallbackMessageId)),
                clean.text(firstId(message.getHeader("In-Reply-To"))),
                clean.all(references.subList(Math.max(0, references.size() - MAX_REFERENCES), references.size())),
                clean.text(from == null ? null : from.getAddress()),
                clean.text(from == null ? null : ContactDetails.shortened(from.getPersonal())),
                clean.all(recipients(message)),
                clean.text(decodedSubject(message)),
                message.getSentDate() == null
                        ? null
                        : OffsetDateTime.ofInstant(message.getSentDate().toInstant(), ZoneOffset.UTC));
    }

    private record Headers(
            String messageId,
            String inReplyTo,
            List<String> references,
            String fromAddress,
            String fromName,
            List<String> to,
            String subject,
            OffsetDateTime sentAt) {

        ParsedEmail email(String body, String bodyType, List<ParsedAttachment> attachments, List<String> problems) {
            return new ParsedEmail(
                    messageId,
                    inReplyTo,
                    references,
                    fromAddress,
                    fromName,
                    to,
                    subject,
                    sentAt,
                    body,
                    bodyType,
                    List.copyOf(attachments),
                    List.copyOf(problems));
        }
    }

    /** Leaves out what PostgreSQL refuses, counting it. */
    private static final class Cleaner {
        int changed;

        String text(String text) {
            StorableText.Cleaned cleaned = StorableText.clean(text);
            changed += cleaned.changed();
            return cleaned.text();
        }

        List<String> all(List<String> texts) {
            return texts.stream().map(this::text).toList();
        }

        ParsedAttachment attachment(ParsedAttachment attachment) {
            return new ParsedAttachment(
                    text(attachment.fileName()),
                    text(attachment.contentType()),
                    attachment.sizeBytes(),
                    attachment.content(),
                    text(attachment.droppedReason()));
        }
    }

    private final class Walk {
        String plain;
        String html;
        final List<ParsedAttachment> attachments = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        void part(Part part, int depth) throws MessagingException, IOException {
            String type = baseType(part);
            if (isAttachment(part) || depth > MAX_DEPTH) {
                attachments.add(attachment(part, type));
            } else if (type.startsWith("multipart/")) {
                Object content = part.getContent();
                if (!(content instanceof Multipart multipart)) {
                    problems.add("a " + type + " part has no parts");
                    return;
                }
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    try {
                        part(child, depth + 1);
                    } catch (MessagingException | IOException | RuntimeException e) {
                        problems.add("part " + (i + 1) + " of a " + type + " could not be read: " + e.getMessage());
                    }
                }
            } else if (type.equals("text/plain") && plain == null) {
                plain = text(part);
            } else if (type.equals("text/html") && html == null) {
                html = text(part);
            } else {
                attachments.add(attachment(part, type));
            }
        }

        /** Decodes with the declared charset; an unknown one falls back to UTF-8 and says so. */
        private String text(Part part) throws MessagingException, IOException {
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = in.readAllBytes();
            }
            String declared = new ContentType(part.getContentType()).getParameter("charset");
            Charset charset = StandardCharsets.UTF_8;
            if (declared != null) {
                try {
                    charset = Charset.forName(MimeUtility.javaCharset(declared));
                } catch (IllegalArgumentException e) {
                    problems.add("unknown charset " + declared + "; read as UTF-8");
                }
            }
            return new String(bytes, charset);
        }

        private ParsedAttachment attachment(Part part, String type) throws MessagingException, IOException {
            String name = fileName(part);
            int announced = part.getSize();
            // IMAP tells the (encoded) size up front: a huge part is never downloaded at all.
            if (announced > 0 && announced * 3L / 4 > maxAttachmentBytes) {
                return dropped(name, type, announced * 3L / 4);
            }
            try (InputStream in = part.getInputStream()) {
                ByteArrayOutputStream kept = new ByteArrayOutputStream();
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    total += read;
                    if (total <= maxAttachmentBytes) {
                        kept.write(buffer, 0, read);
                    }
                }
                return total > maxAttachmentBytes
                        ? dropped(name, type, total)
                        : new ParsedAttachment(name, type, total, kept.toByteArray(), null);
            }
        }

        private ParsedAttachment dropped(String name, String type, long size) {
            return new ParsedAttachment(
                    name,
                    type,
                    size,
                    null,
                    String.format(
                            Locale.ROOT,
                            "larger than the %,d-byte limit (about %,d bytes); not stored",
                            maxAttachmentBytes,
                            size));
        }
    }

    /** The raw message, so nothing is lost when its structure could not be understood. */
    private ParsedAttachment original(MimeMessage message) {
        Bounded kept = new Bounded(maxAttachmentBytes);
        try {
            message.writeTo(kept);
        } catch (MessagingException | IOException e) {
            return new ParsedAttachment(
                    "original.eml",
                    "message/rfc822",
                    kept.total,
                    null,
                    "the original could not be read: " + e.getMessage());
        }
        return kept.total > maxAttachmentBytes
                ? new ParsedAttachment(
                        "original.eml",
                        "message/rfc822",
                        kept.total,
                        null,
                        "the original is larger than the attachment limit")
                : new ParsedAttachment("original.eml", "message/rfc822", kept.total, kept.toByteArray(), null);
    }

    /** Keeps up to a limit and counts the rest, so an original never costs more memory than an attachment may. */
    private static final class Bounded extends ByteArrayOutputStream {
        private final long limit;
        long total;

        Bounded(long limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            if (total + length <= limit) {
                super.write(bytes, offset, length);
            }
            total += length;
        }

        @Override
        public synchronized void write(int b) {
            if (total < limit) {
                super.write(b);
            }
            total++;
        }
    }

    private static String baseType(Part part) {
        try {
            String declared = part.getContentType();
            // RFC 2045: no Content-Type means plain text; one we cannot parse is opaque data.
            return declared == null
                    ? "text/plain"
                    : new ContentType(declared).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "application/octet-stream";
        }
    }

    private static boolean isAttachment(Part part) throws MessagingException {
        return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName(part) != null;
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : MimeUtility.decodeText(name);
        } catch (MessagingException | IOException e) {
            return null;
        }
    }

    private static InternetAddress sender(MimeMessage message, List<String> problems) {
        try {
            Address[] from = message.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress address) {
                return address;
            }
            problems.add("the mail has no From address");
        } catch (MessagingException e) {
            problems.add("the From header cannot be read: " + e.getMessage());
        }
        return null;
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            return to == null
                    ? List.of()
                    : Arrays.stream(to).map(Address::toString).toList();
        } catch (MessagingException e) {
            return List.of();
        }
    }

    private static String decodedSubject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            return null;
        }
    }

    private static String messageId(MimeMessage message, String fallback) throws MessagingException {
        String id = firstId(message.getHeader("Message-ID"));
        return id == null ? fallback : id;
    }

    private static String firstId(String[] header) {
        List<String> ids = ids(header);
        return ids.isEmpty() ? null : ids.getFirst();
    }

    /** Message-IDs in a header, each as {@code <id>}; anything between them is ignored. */
    static List<String> ids(String[] header) {
        List<String> ids = new ArrayList<>();
        if (header == null) {
            return ids;
        }
        for (String value : header) {
            int start = value.indexOf('<');
            while (start >= 0) {
                int end = value.indexOf('>', start);
                if (end < 0) {
                    break;
                }
                if (end - start < MAX_ID_CHARS) {
                    ids.add(value.substring(start, end + 1).strip());
                }
                start = value.indexOf('<', end);
            }
        }
        return ids;
    }
}

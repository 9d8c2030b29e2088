package io.omniline.bridge.channels.email;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One email as read from its MIME tree, before it is stored.
 *
 * @param body the text/plain part, or the text/html part when there is no plain one
 * @param bodyType text/plain or text/html
 * @param problems what could not be read (a broken part, an unknown charset); the mail is still imported
 */
public record ParsedEmail(
        String messageId,
        String inReplyTo,
        List<String> references,
        String fromAddress,
        String fromName,
        List<String> to,
        String subject,
        OffsetDateTime sentAt,
        String body,
        String bodyType,
        List<ParsedAttachment> attachments,
        List<String> problems) {

    /** Every earlier Message-ID this mail refers to, nearest first: In-Reply-To, then References backwards. */
    public List<String> ancestors() {
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        if (inReplyTo != null) {
            ids.add(inReplyTo);
        }
        for (int i = references.size() - 1; i >= 0; i--) {
            ids.add(references.get(i));
        }
        return List.copyOf(ids);
    }
}

package io.omniline.bridge.inbound;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What an inbound message stores.
 *
 * @param contentType text/plain, text/html, or null when the channel does not say
 * @param externalId the message's id in its conversation: stored once per conversation, and a
 *     second delivery with it hands back the stored message (a chat client resending after a lost
 *     acknowledgement); null when none
 * @param sentAt when the sender sent it, when the channel says; null for now
 * @param metadata what the agent's page shows beside it (sender, subject, {@code problems})
 */
public record InboundContent(
        String body,
        String contentType,
        String externalId,
        OffsetDateTime sentAt,
        Map<String, Object> metadata,
        List<InboundAttachment> attachments) {

    public InboundContent {
        attachments = List.copyOf(attachments);
    }

    /** The problem noted on a message when characters PostgreSQL cannot store were taken out of it. */
    public static String charactersLeftOut(int count) {
        return count + " character(s) that cannot be stored (NUL, broken UTF-16) were left out";
    }
}

package io.omniline.db.message;

import java.time.OffsetDateTime;
import java.util.Map;

/** One message in a chat, email thread or SMS session, as stored. */
public record Message(
        long id,
        long interactionId,
        AuthorKind authorKind,
        Long agentId,
        String body,
        String contentType,
        String externalId,
        String deliveryState,
        OffsetDateTime sentAt,
        Map<String, Object> metadata) {}

package io.omniline.db.message;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * A message to append.
 *
 * @param externalId the channel's id for it (Message-ID, SMSC id, client message id); makes a
 *     redelivered message land once
 * @param sentAt when the author sent it, if the channel says; otherwise the time it is stored
 */
public record NewMessage(
        long interactionId,
        AuthorKind authorKind,
        Long agentId,
        String body,
        String contentType,
        String externalId,
        String deliveryState,
        OffsetDateTime sentAt,
        Map<String, Object> metadata) {

    public NewMessage {
        Objects.requireNonNull(authorKind, "authorKind");
        Objects.requireNonNull(body, "body");
        contentType = contentType == null ? "text/plain" : contentType;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static NewMessage fromCustomer(long interactionId, String body, String externalId) {
        return new NewMessage(interactionId, AuthorKind.customer, null, body, null, externalId, null, null, Map.of());
    }

    public static NewMessage fromAgent(long interactionId, long agentId, String body) {
        return new NewMessage(interactionId, AuthorKind.agent, agentId, body, null, null, null, null, Map.of());
    }
}

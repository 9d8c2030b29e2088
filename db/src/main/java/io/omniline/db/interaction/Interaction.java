package io.omniline.db.interaction;

import java.time.OffsetDateTime;
import java.util.Map;

/** One contact with a customer on one channel: a call, a chat, an email thread, an SMS session. */
public record Interaction(
        long id,
        Long customerId,
        Channel channel,
        Direction direction,
        InteractionState state,
        InteractionOutcome outcome,
        String queueName,
        int priority,
        Long agentId,
        String externalId,
        String linkedId,
        String subject,
        OffsetDateTime startedAt,
        OffsetDateTime queuedAt,
        OffsetDateTime offeredAt,
        OffsetDateTime answeredAt,
        OffsetDateTime endedAt,
        Integer holdSeconds,
        Integer talkSeconds,
        String disposition,
        String notes,
        Map<String, Object> metadata) {}

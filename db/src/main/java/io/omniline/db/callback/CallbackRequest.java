package io.omniline.db.callback;

import java.time.OffsetDateTime;

/**
 * A callback a caller asked for, as stored (table callback_request).
 *
 * @param attempts calls to the customer so far
 * @param placement how many times it has been placed (agent legs included); a placement's events
 *     name it, so a late event of an earlier placement changes nothing
 * @param channelId Asterisk's Uniqueid of the agent's channel once the agent answered
 */
public record CallbackRequest(
        long id,
        long interactionId,
        Long customerId,
        String number,
        String queue,
        CallbackState state,
        OffsetDateTime requestedAt,
        OffsetDateTime nextAttemptAt,
        int attempts,
        int maxAttempts,
        String lastResult,
        String agentInterface,
        Long agentId,
        String channelId,
        int placement,
        OffsetDateTime placedUntil) {

    public boolean isOpen() {
        return state != CallbackState.completed && state != CallbackState.failed;
    }
}

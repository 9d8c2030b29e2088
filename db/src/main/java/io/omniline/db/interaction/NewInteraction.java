package io.omniline.db.interaction;

import java.util.Map;
import java.util.Objects;

/**
 * What is known when an interaction opens.
 *
 * @param externalId the channel's own key: Asterisk uniqueid, chat session id, thread root Message-ID
 * @param linkedId Asterisk's linkedid for calls, null elsewhere
 */
public record NewInteraction(
        Channel channel,
        Direction direction,
        InteractionState initialState,
        Long customerId,
        String externalId,
        String linkedId,
        String subject,
        Map<String, Object> metadata) {

    /** Metadata key of the number a call came from, as the carrier presented it. */
    public static final String CALLER_NUMBER = "caller_number";

    public NewInteraction {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(initialState, "initialState");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * A caller entering the IVR, keyed by the channel's uniqueid. The number is kept so an unknown
     * caller can be made a customer (or linked to one) from the desktop.
     */
    public static NewInteraction inboundCall(String uniqueId, String linkedId, Long customerId, String callerNumber) {
        return new NewInteraction(
                Channel.voice,
                Direction.inbound,
                InteractionState.ivr,
                customerId,
                uniqueId,
                linkedId,
                null,
                callerNumber == null || callerNumber.isBlank() ? Map.of() : Map.of(CALLER_NUMBER, callerNumber));
    }

    /** A chat, email or SMS that arrives and waits for an agent. */
    public static NewInteraction inboundMessage(Channel channel, String externalId, Long customerId, String subject) {
        return new NewInteraction(
                channel, Direction.inbound, InteractionState.queued, customerId, externalId, null, subject, Map.of());
    }
}

package io.omniline.db.interaction;

import io.omniline.db.jooq.enums.Channel;
import io.omniline.db.jooq.enums.Direction;
import io.omniline.db.jooq.enums.InteractionState;
import java.util.Map;
import java.util.Objects;

/**
 * What is known when an interaction opens.
 *
 * @param externalId the channel's own key: Asterisk uniqueid, chat session id, thread root Message-ID
 * @param linkedId Asterisk's linkedid for calls, null elsewhere
 */
public record NewInteraction(Channel channel, Direction direction, InteractionState initialState, Long customerId,
                             String externalId, String linkedId, String subject, Map<String, Object> metadata) {

    public NewInteraction {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(initialState, "initialState");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A caller entering the IVR, keyed by the channel's uniqueid. */
    public static NewInteraction inboundCall(String uniqueId, String linkedId, Long customerId) {
        return new NewInteraction(Channel.voice, Direction.inbound, InteractionState.ivr, customerId, uniqueId, linkedId,
                null, Map.of());
    }

    /** A chat, email or SMS that arrives and waits for an agent. */
    public static NewInteraction inboundMessage(Channel channel, String externalId, Long customerId, String subject) {
        return new NewInteraction(channel, Direction.inbound, InteractionState.queued, customerId, externalId, null,
                subject, Map.of());
    }
}

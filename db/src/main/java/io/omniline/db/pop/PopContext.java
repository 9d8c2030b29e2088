package io.omniline.db.pop;

import io.omniline.db.customer.Customer;
import io.omniline.db.customer.CustomerIdentity;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.Message;
import java.util.List;
import java.util.Optional;

/**
 * Everything an agent's screen shows the moment a customer's call rings.
 *
 * @param recentInteractions the latest interactions on every channel, newest first
 * @param lastChat the customer's most recent chat with every message, if they ever chatted
 */
public record PopContext(
        Customer customer,
        List<CustomerIdentity> identities,
        List<Interaction> recentInteractions,
        Optional<ChatTranscript> lastChat) {

    /**
     * This context without one interaction among the recent ones: the contact on screen is shown
     * on its own, in its own current state, never as a stale line of its history.
     */
    public PopContext without(long interactionId) {
        return new PopContext(
                customer,
                identities,
                recentInteractions.stream()
                        .filter(interaction -> interaction.id() != interactionId)
                        .toList(),
                lastChat);
    }

    /** A chat interaction and its messages in the order they were sent. */
    public record ChatTranscript(long interactionId, List<Message> messages) {}
}

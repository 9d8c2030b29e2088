package io.omniline.customers.verify;

import io.omniline.db.interaction.Interaction;

/**
 * Told when a visitor's right code joined their conversation to a customer: the channel that
 * carries the conversation tells the agent's desktop and the visitor, which this module cannot reach.
 */
@FunctionalInterface
public interface ConversationJoined {

    void joined(Interaction conversation);
}

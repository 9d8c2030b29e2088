package io.omniline.bridge.conversations;

import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.Message;

/** How an agent's reply reaches the customer in the channel they wrote in. */
public interface ReplyChannel {

    /**
     * Stores the reply on the interaction and sends it. The message is stored first, so a reply
     * that cannot be sent is still on record, with its delivery state saying so.
     */
    Message send(Interaction interaction, long agentId, String text);

    /** The longest reply, in UTF-16 characters as Java and JavaScript count them, the channel takes. */
    int maxChars();
}

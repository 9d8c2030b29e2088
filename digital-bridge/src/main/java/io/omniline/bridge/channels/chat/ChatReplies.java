package io.omniline.bridge.channels.chat;

import io.omniline.bridge.conversations.ReplyChannel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;

/**
 * An agent's chat reply is stored; the gateway on this node hears of it as an event, and the
 * {@link VisitorBus} tells the other nodes, so whichever holds the visitor's socket pushes it. A
 * visitor who is offline gets it with the transcript when they return.
 */
public final class ChatReplies implements ReplyChannel {

    private final MessageRepository messages;
    private final int maxChars;

    /** @param maxChars the gateway's limit on a visitor's message, so both sides of a chat have the same */
    public ChatReplies(MessageRepository messages, int maxChars) {
        this.messages = messages;
        this.maxChars = maxChars;
    }

    @Override
    public int maxChars() {
        return maxChars;
    }

    @Override
    public Message send(Interaction interaction, long agentId, String text) {
        return messages.append(NewMessage.fromAgent(interaction.id(), agentId, text));
    }
}

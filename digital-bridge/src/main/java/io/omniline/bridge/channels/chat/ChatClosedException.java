package io.omniline.bridge.channels.chat;

/** The visitor wrote into a chat that an agent (or another tab) has already closed. */
public final class ChatClosedException extends RuntimeException {

    public ChatClosedException(String conversationId) {
        super("chat " + conversationId + " is closed");
    }
}

package io.omniline.bridge.channels.chat;

/**
 * One visitor's chat: the id the widget keeps (inside its signed token) and the interaction
 * that holds it.
 */
public record ChatConversation(String conversationId, long interactionId, String visitorName) {}

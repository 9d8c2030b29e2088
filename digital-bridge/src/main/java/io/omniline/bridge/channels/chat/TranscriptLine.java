package io.omniline.bridge.channels.chat;

import io.omniline.db.message.Message;

/** A transcript message with the name to show beside it (the agent's or the visitor's). */
public record TranscriptLine(Message message, String authorName) {}

package io.omniline.bridge.chat;

import java.util.List;

/**
 * A chat as the widget shows it.
 *
 * @param state waiting, active or ended
 * @param agentName who is chatting with the visitor, when someone is
 */
public record ChatView(String state, String agentName, List<TranscriptLine> transcript) {
}

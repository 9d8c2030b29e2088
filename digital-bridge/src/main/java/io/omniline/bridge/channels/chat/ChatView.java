package io.omniline.bridge.channels.chat;

import java.util.List;

/**
 * A chat as the widget shows it.
 *
 * @param state waiting, active or ended
 * @param agentName who is chatting with the visitor, when someone is
 * @param claims the phone and email the visitor typed, masked, and whether each is proved
 */
public record ChatView(String state, String agentName, List<TranscriptLine> transcript, List<Claim> claims) {

    /**
     * @param to the phone or address, masked ("•••0134")
     * @param canVerify whether a code can be sent to it from here
     */
    public record Claim(String kind, String to, boolean verified, boolean canVerify) {}
}

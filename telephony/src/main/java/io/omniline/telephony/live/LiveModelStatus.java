package io.omniline.telephony.live;

/**
 * Whether the live queues, members and channels are all Asterisk has, and if not, why in words
 * an operator understands (shown in /health and on the wallboard).
 *
 * @param reason null when complete
 */
public record LiveModelStatus(boolean complete, String reason) {

    public static final LiveModelStatus COMPLETE = new LiveModelStatus(true, null);

    public static LiveModelStatus incomplete(String reason) {
        return new LiveModelStatus(false, reason);
    }
}

package io.omniline.bridge.channels.sms;

import java.util.Optional;

/**
 * A decoded short message, or one part of a concatenated one.
 *
 * @param text the text, or a readable note with the raw bytes in hex when the coding is unknown
 * @param part where this piece belongs when the message came in several
 * @param problem why the text could not be read; null when it could
 */
public record ShortMessage(String text, Optional<Part> part, String problem) {

    /** Position of one piece of a concatenated message: (sender, reference, total) identify the whole. */
    public record Part(int reference, int total, int seq) {}
}

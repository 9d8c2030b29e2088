package io.omniline.db.prompt;

import java.time.OffsetDateTime;

/**
 * A prompt in one language, without its audio.
 *
 * @param name what flows name and Asterisk plays: {@code omniline/welcome}
 * @param sha256 of the audio, hex: tells a copy that changed
 * @param words what it says, when known
 */
public record PromptInfo(
        String name,
        String language,
        String sha256,
        int durationMs,
        String words,
        PromptSource source,
        String updatedBy,
        OffsetDateTime updatedAt) {}

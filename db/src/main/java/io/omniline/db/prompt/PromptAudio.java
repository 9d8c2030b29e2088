package io.omniline.db.prompt;

/**
 * A prompt's audio as Asterisk plays it: an 8 kHz 16-bit mono PCM WAV file.
 *
 * @param sha256 of {@code wav}, hex
 */
public record PromptAudio(byte[] wav, String sha256, int durationMs) {}

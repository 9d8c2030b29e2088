package io.omniline.server.prompts;

/** An upload that is not a recording Omniline can convert; the message says why, for the admin. */
public final class NotAudioException extends IllegalArgumentException {

    NotAudioException(String message) {
        super(message);
    }

    NotAudioException(String message, Throwable cause) {
        super(message, cause);
    }
}

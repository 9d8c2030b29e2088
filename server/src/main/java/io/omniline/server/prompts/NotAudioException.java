package io.omniline.server.prompts;

import io.omniline.server.api.FieldProblem;

/** An upload that is not a recording Omniline can convert; the message says why, for the admin, beside the
 * recording field. */
public final class NotAudioException extends FieldProblem {

    NotAudioException(String message) {
        super("recording", message);
    }

    NotAudioException(String message, Throwable cause) {
        super("recording", message, cause);
    }
}

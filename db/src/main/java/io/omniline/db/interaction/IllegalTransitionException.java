package io.omniline.db.interaction;

import io.omniline.db.ConflictException;

/** The interaction's current state does not allow the requested move (see interaction_transition). */
public final class IllegalTransitionException extends ConflictException {

    IllegalTransitionException(String message, Throwable cause) {
        super(message, cause);
    }
}

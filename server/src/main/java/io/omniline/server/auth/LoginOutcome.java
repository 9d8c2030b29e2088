package io.omniline.server.auth;

import io.omniline.db.account.WebSession;

/** What a login attempt came to. */
public sealed interface LoginOutcome {

    /** Signed in: the cookie's token (only its hash is stored) and the session. */
    record SignedIn(String token, WebSession session) implements LoginOutcome {}

    /** Wrong login or password; which of the two is never said. */
    record Refused() implements LoginOutcome {}

    /** Too many failures lately, for this login or from this address; the password was not checked. */
    record Throttled(long retryAfterSeconds) implements LoginOutcome {}
}

package io.omniline.server.auth;

import java.time.Duration;
import org.eclipse.jetty.server.Request;

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it),
 * and Secure when the browser reached us over HTTPS: directly, through a trusted proxy that says
 * so, or always when configured for a TLS proxy that does not say.
 */
public final class SessionCookies {

    public static final String NAME = "omniline_session";

    private final boolean alwaysSecure;
    private final Duration maxAge;

    /** @param maxAge how long the browser keeps it: the session's absolute lifetime */
    public SessionCookies(boolean alwaysSecure, Duration maxAge) {
        this.alwaysSecure = alwaysSecure;
        this.maxAge = maxAge;
    }

    /** The Set-Cookie value that gives the browser this token. */
    public String issue(Request request, String token) {
        return cookie(request, token, maxAge.toSeconds());
    }

    /** The Set-Cookie value that makes the browser forget it. */
    public String clear(Request request) {
        return cookie(request, "", 0);
    }

    private String cookie(Request request, String value, long maxAgeSeconds) {
        return NAME + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (alwaysSecure || request.isSecure() ? "; Secure" : "");
    }
}

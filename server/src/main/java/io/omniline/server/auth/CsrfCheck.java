package io.omniline.server.auth;

import io.omniline.db.account.WebSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.server.Request;

/**
 * A change made with a session cookie must also carry the session's CSRF token in a header,
 * which another site's page cannot read or set; SameSite=Strict is the second fence.
 */
public final class CsrfCheck {

    private CsrfCheck() {}

    public static boolean passes(Request request, WebSession session) {
        String given = request.getHeaders().get(AuthHandler.CSRF_HEADER);
        return given != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8),
                        session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }
}

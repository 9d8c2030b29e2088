package io.omniline.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.account.WebSession;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /auth/login} ({"login", "password"}) sets the session cookie (HttpOnly,
 * SameSite=Strict, Secure over HTTPS) and answers who signed in with the CSRF token the page
 * must send back as {@code X-CSRF-Token} on every change; {@code GET /auth/me} says who the
 * cookie belongs to; {@code POST /auth/logout} ends the session (CSRF token required).
 */
public final class AuthHandler extends Handler.Abstract {

    public static final String COOKIE = "omniline_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final int MAX_BODY = 4 * 1024;

    private final Authenticator authenticator;
    private final ObjectMapper mapper;

    public AuthHandler(Authenticator authenticator, ObjectMapper mapper) {
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        switch (path) {
            case "/auth/login" -> {
                if (!method.equals("POST")) {
                    return json(response, callback, 405, Map.of("error", "POST only"));
                }
                return login(request, response, callback);
            }
            case "/auth/me" -> {
                Optional<WebSession> session = authenticator.recognise(token(request));
                return session.isPresent() ? json(response, callback, 200, describe(session.get()))
                        : json(response, callback, 401, Map.of("error", "not signed in"));
            }
            case "/auth/logout" -> {
                if (!method.equals("POST")) {
                    return json(response, callback, 405, Map.of("error", "POST only"));
                }
                Optional<WebSession> session = authenticator.recognise(token(request));
                if (session.isEmpty()) {
                    return json(response, callback, 401, Map.of("error", "not signed in"));
                }
                if (!CsrfCheck.passes(request, session.get())) {
                    return json(response, callback, 403, Map.of("error", "missing or wrong " + CSRF_HEADER));
                }
                authenticator.logout(token(request));
                response.getHeaders().add(HttpHeader.SET_COOKIE, cookie(request, "", 0));
                return json(response, callback, 204, null);
            }
            default -> {
                return json(response, callback, 404, Map.of("error", "no such page"));
            }
        }
    }

    private boolean login(Request request, Response response, Callback callback) throws Exception {
        if (request.getLength() > MAX_BODY) {
            return json(response, callback, 413, Map.of("error", "request body too large"));
        }
        Credentials credentials;
        try {
            credentials = mapper.readValue(Content.Source.asString(request, StandardCharsets.UTF_8), Credentials.class);
        } catch (JsonProcessingException e) {
            return json(response, callback, 400, Map.of("error", "send {\"login\": …, \"password\": …}"));
        }
        if (credentials == null || credentials.login() == null || credentials.password() == null) {
            return json(response, callback, 400, Map.of("error", "send {\"login\": …, \"password\": …}"));
        }
        LoginOutcome outcome = authenticator.login(credentials.login(), credentials.password(),
                Request.getRemoteAddr(request));
        return switch (outcome) {
            case LoginOutcome.SignedIn signedIn -> {
                response.getHeaders().add(HttpHeader.SET_COOKIE,
                        cookie(request, signedIn.token(), authenticator.sessionLifetime().toSeconds()));
                yield json(response, callback, 200, describe(signedIn.session()));
            }
            case LoginOutcome.Refused ignored -> json(response, callback, 401, Map.of("error", "wrong login or password"));
            case LoginOutcome.Throttled throttled -> {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()));
                yield json(response, callback, 429, Map.of("error", "too many failed logins; try again later"));
            }
        };
    }

    /** The session cookie's token, if the request carries one. */
    public static String token(Request request) {
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static String cookie(Request request, String value, long maxAgeSeconds) {
        return COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (request.isSecure() ? "; Secure" : "");
    }

    private static Map<String, Object> describe(WebSession session) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("login", session.account().login());
        body.put("role", session.account().role().getLiteral());
        body.put("agentId", session.account().agentId());
        body.put("csrfToken", session.csrfToken());
        body.put("expiresAt", session.expiresAt().toString());
        return body;
    }

    private boolean json(Response response, Callback callback, int status, Object body) throws JsonProcessingException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (body == null) {
            callback.succeeded();
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        Content.Sink.write(response, true, mapper.writeValueAsString(body), callback);
        return true;
    }

    private record Credentials(String login, String password) {
    }
}

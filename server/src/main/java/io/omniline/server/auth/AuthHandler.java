package io.omniline.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.account.WebSession;
import io.omniline.server.http.RequestBodies;
import io.omniline.server.http.UnstorableText;
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
 * {@code POST /auth/login} ({"login", "password"} as application/json, which a form on another
 * site cannot send without the browser asking first) sets the session cookie (see
 * {@link SessionCookies}) and answers who signed in with the CSRF token the page must send back
 * as {@code X-CSRF-Token} on every change; {@code GET /auth/me} says who the cookie belongs to;
 * {@code POST /auth/logout} ends the session (CSRF token required).
 */
public final class AuthHandler extends Handler.Abstract {

    public static final String COOKIE = SessionCookies.NAME;
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Largest login body read; a login and a password fit many times over. */
    public static final int MAX_BODY = 4 * 1024;

    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final SessionCookies cookies;

    public AuthHandler(Authenticator authenticator, ObjectMapper mapper, SessionCookies cookies) {
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.cookies = cookies;
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
                return session.isPresent()
                        ? json(response, callback, 200, describe(session.get()))
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
                response.getHeaders().add(HttpHeader.SET_COOKIE, cookies.clear(request));
                return json(response, callback, 204, null);
            }
            default -> {
                return json(response, callback, 404, Map.of("error", "no such page"));
            }
        }
    }

    private boolean login(Request request, Response response, Callback callback) throws Exception {
        if (!isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            // Read what was sent (within the body limit) before refusing it: a refusal sent while the
            // body is still arriving makes the server drop the connection under the client's feet.
            RequestBodies.text(request);
            return json(response, callback, 415, Map.of("error", "send the login as application/json"));
        }
        Credentials credentials;
        String body;
        try {
            body = RequestBodies.text(request);
            credentials = mapper.readValue(body, Credentials.class);
        } catch (RequestBodies.TooLargeException e) {
            return json(response, callback, 413, Map.of("error", "a login is at most " + MAX_BODY + " bytes"));
        } catch (JsonProcessingException e) {
            return json(response, callback, 400, Map.of("error", "send {\"login\": …, \"password\": …}"));
        }
        if (credentials == null || credentials.login() == null || credentials.password() == null) {
            return json(response, callback, 400, Map.of("error", "send {\"login\": …, \"password\": …}"));
        }
        UnstorableText.Found unreadable = UnstorableText.find(mapper.getFactory(), body);
        if (unreadable != null) {
            LoginOutcome counted = authenticator.refuseUnreadable(credentials.login(), Request.getRemoteAddr(request));
            if (counted instanceof LoginOutcome.Throttled throttled) {
                return throttled(response, callback, throttled);
            }
            Map<String, Object> words = new LinkedHashMap<>();
            words.put("error", unreadable.message());
            words.put("field", unreadable.field());
            return json(response, callback, 400, words);
        }
        LoginOutcome outcome =
                authenticator.login(credentials.login(), credentials.password(), Request.getRemoteAddr(request));
        return switch (outcome) {
            case LoginOutcome.SignedIn signedIn -> {
                response.getHeaders().add(HttpHeader.SET_COOKIE, cookies.issue(request, signedIn.token()));
                yield json(response, callback, 200, describe(signedIn.session()));
            }
            case LoginOutcome.Refused ignored ->
                json(response, callback, 401, Map.of("error", "wrong login or password"));
            case LoginOutcome.Throttled throttled -> throttled(response, callback, throttled);
        };
    }

    private boolean throttled(Response response, Callback callback, LoginOutcome.Throttled throttled)
            throws JsonProcessingException {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()));
        return json(response, callback, 429, Map.of("error", "too many failed logins; try again later"));
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

    /** application/json, with or without parameters such as a charset. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.equalsIgnoreCase("application/json");
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

    private record Credentials(String login, String password) {}
}

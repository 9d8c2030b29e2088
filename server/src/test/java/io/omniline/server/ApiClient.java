package io.omniline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.Repositories;
import io.omniline.db.account.AccountRole;
import io.omniline.server.auth.AuthHandler;
import io.omniline.server.auth.PasswordHasher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A signed-in browser as far as the API can tell: the session cookie and the CSRF token. */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PasswordHasher HASHER = new PasswordHasher(4);

    private final int port;
    private final String cookie;
    private final String csrf;

    private ApiClient(int port, String cookie, String csrf) {
        this.port = port;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    /** The first admin of a test server. */
    public static ApiClient admin(Omniline omniline) throws Exception {
        return signIn(omniline, "admin", TestConfigs.ADMIN_PASSWORD);
    }

    /** Makes an account (password = login) and signs it in. */
    public static ApiClient as(
            Omniline omniline, Repositories repositories, String login, AccountRole role, Long agentId)
            throws Exception {
        repositories.accounts().create(login, HASHER.hash(login), role, agentId, "test");
        return signIn(omniline, login, login);
    }

    public static ApiClient signIn(Omniline omniline, String login, String password) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + omniline.httpPort() + "/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                                .put("login", login)
                                .put("password", password)
                                .toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("login " + login + " -> " + response.body())
                .isEqualTo(200);
        String setCookie = response.headers().firstValue("set-cookie").orElseThrow();
        return new ApiClient(
                omniline.httpPort(),
                setCookie.substring(0, setCookie.indexOf(';')),
                JSON.readTree(response.body()).get("csrfToken").asText());
    }

    /** The CSRF token changes must carry. */
    public String csrf() {
        return csrf;
    }

    /** The session cookie as a request header value. */
    public String cookie() {
        return cookie;
    }

    /** Calls the API and checks the status; the body as JSON (empty object when there is none). */
    public JsonNode call(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = send(method, path, body, true);
        assertThat(response.statusCode())
                .as(method + " " + path + " -> " + response.body())
                .isEqualTo(status);
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** Sends raw bytes (a recording) with the CSRF token; the answer unchecked, its body as bytes. */
    public HttpResponse<byte[]> sendBytes(String method, String path, byte[] body, String contentType)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Cookie", cookie)
                .header(AuthHandler.CSRF_HEADER, csrf);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The same, optionally without the CSRF header, answer unchecked. */
    public HttpResponse<String> send(String method, String path, String body, boolean withCsrf) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Cookie", cookie);
        if (withCsrf) {
            request.header(AuthHandler.CSRF_HEADER, csrf);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

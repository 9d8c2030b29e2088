package io.omniline.server.auth;

import static io.omniline.db.jooq.Tables.WEB_SESSION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.account.AccountRepository;
import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signing in and out of a running node over HTTP, on real PostgreSQL. */
class AuthTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Omniline omniline;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        omniline = Omniline.start(TestConfigs.forDatabase(db.settings()));
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
    }

    @Test
    void theFirstAdminSignsInWithAnHttpOnlyStrictCookieAndOutWithTheCsrfToken() throws Exception {
        HttpResponse<String> login = login("ADMIN", TestConfigs.ADMIN_PASSWORD);
        assertThat(login.statusCode()).isEqualTo(200);
        String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith(AuthHandler.COOKIE + "=")
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/");
        JsonNode me = json.readTree(login.body());
        assertThat(me.get("role").asText()).isEqualTo("admin");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = me.get("csrfToken").asText();

        assertThat(get("/auth/me", cookie).statusCode()).isEqualTo(200);
        assertThat(post("/auth/logout", cookie, null).statusCode()).isEqualTo(403);
        assertThat(post("/auth/logout", cookie, "not-the-token").statusCode()).isEqualTo(403);
        assertThat(post("/auth/logout", cookie, csrf).statusCode()).isEqualTo(204);
        assertThat(get("/auth/me", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordAndAnUnknownLoginGetTheSameAnswer() throws Exception {
        HttpResponse<String> wrong = login("admin", "guess");
        HttpResponse<String> unknown = login("nobody-" + UUID.randomUUID(), "guess");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.headers().firstValue("set-cookie")).isEmpty();
    }

    @Test
    void repeatedFailuresOnOneLoginAreThrottledEvenWithTheRightPassword() throws Exception {
        String login = "supervisor-" + UUID.randomUUID();
        db.repositories()
                .accounts()
                .create(login, new PasswordHasher(4).hash("right one"), AccountRole.supervisor, null, "test");
        for (int i = 0; i < 5; i++) {
            assertThat(login(login, "wrong " + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = login(login, "right one");

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("retry-after")).isPresent();
    }

    @Test
    void aLoginMustBeSentAsJson() throws Exception {
        String body = "{\"login\": \"admin\", \"password\": \"" + TestConfigs.ADMIN_PASSWORD + "\"}";

        assertThat(postBody("/auth/login", body, "text/plain").statusCode()).isEqualTo(415);
        assertThat(postBody("/auth/login", body, "application/x-www-form-urlencoded")
                        .statusCode())
                .isEqualTo(415);
        assertThat(postBody("/auth/login", body, null).statusCode()).isEqualTo(415);
        assertThat(postBody("/auth/login", body, "application/json; charset=utf-8")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aBusySessionStillEndsAtItsAbsoluteLifetime() throws Exception {
        String login = "busy-" + UUID.randomUUID();
        String setCookie = newSupervisorSignedIn(login);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(setCookie).contains("Max-Age=" + 24 * 3600);

        ageSessions(
                login,
                OffsetDateTime.now().minusHours(24).minusMinutes(1),
                OffsetDateTime.now().plusHours(12));

        assertThat(get("/auth/me", cookie).statusCode())
                .as("used a minute ago, signed in a day ago")
                .isEqualTo(401);
    }

    @Test
    void anUnknownOrForgedCookieIsNotASession() throws Exception {
        assertThat(get("/auth/me", null).statusCode()).isEqualTo(401);
        assertThat(get("/auth/me", AuthHandler.COOKIE + "=forged").statusCode()).isEqualTo(401);
        assertThat(login("admin", null).statusCode()).isEqualTo(400);
    }

    @Test
    void anExpiredSessionIsSignedOutEverywhere() throws Exception {
        String login = "expiring-" + UUID.randomUUID();
        String setCookie = newSupervisorSignedIn(login);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(get("/api/agents", cookie).statusCode()).isEqualTo(200);

        ageSessions(
                login, OffsetDateTime.now().minusHours(13), OffsetDateTime.now().minusMinutes(1));

        assertThat(get("/auth/me", cookie).statusCode()).isEqualTo(401);
        assertThat(get("/api/agents", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void theFirstStartPrintsAGeneratedPasswordOnceAndItWorks() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        io.omniline.db.DatabaseSettings fresh = TestDatabase.createAnother();
        try (io.omniline.db.Database database = io.omniline.db.Database.connect(fresh)) {
            AccountRepository accounts = database.repositories().accounts();
            PasswordHasher hasher = new PasswordHasher(4);
            PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

            assertThat(FirstAdmin.ensure(accounts, hasher, null, out)).isTrue();
            assertThat(FirstAdmin.ensure(accounts, hasher, null, out)).isFalse();

            String printed = console.toString(StandardCharsets.UTF_8);
            assertThat(printed.lines()).hasSize(1);
            String password = printed.replaceAll(".*with password (\\S+).*\\R?", "$1");
            assertThat(hasher.matches(
                            password,
                            accounts.credentials("admin").orElseThrow().passwordHash()))
                    .isTrue();
        } finally {
            TestDatabase.drop(fresh);
        }
    }

    /** Makes a supervisor whose password is "right one" and signs them in; the Set-Cookie header. */
    private static String newSupervisorSignedIn(String login) throws Exception {
        db.repositories()
                .accounts()
                .create(login, new PasswordHasher(4).hash("right one"), AccountRole.supervisor, null, "test");
        return login(login, "right one").headers().firstValue("set-cookie").orElseThrow();
    }

    /** Moves the login's sessions back in time, as if they had been made and used then. */
    private static void ageSessions(String login, OffsetDateTime createdAt, OffsetDateTime expiresAt) {
        db.dsl()
                .update(WEB_SESSION)
                .set(WEB_SESSION.CREATED_AT, createdAt)
                .set(WEB_SESSION.EXPIRES_AT, expiresAt)
                .where(WEB_SESSION.ACCOUNT_ID.eq(db.repositories()
                        .accounts()
                        .credentials(login)
                        .orElseThrow()
                        .account()
                        .id()))
                .execute();
    }

    private static HttpResponse<String> login(String login, String password) throws Exception {
        String body = password == null
                ? "{\"login\": \"" + login + "\"}"
                : "{\"login\": \"" + login + "\", \"password\": \"" + password + "\"}";
        return http.send(
                HttpRequest.newBuilder(uri("/auth/login"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postBody(String path, String body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String cookie, String csrf) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Cookie", cookie);
        if (csrf != null) {
            request.header(AuthHandler.CSRF_HEADER, csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + omniline.httpPort() + path);
    }
}

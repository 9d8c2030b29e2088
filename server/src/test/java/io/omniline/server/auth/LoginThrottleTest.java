package io.omniline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.config.OmnilineConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Login throttling on a node behind a trusted proxy (127.0.0.1, where the test connects from),
 * so each test speaks for clients at addresses of its choosing through X-Forwarded-For. The
 * bcrypt cost is a real one, so a password check takes long enough for parallel tries to race.
 */
class LoginThrottleTest {

    private static final String PASSWORD = "the right password";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Omniline omniline;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final PasswordHasher hasher = new PasswordHasher(10);

    @BeforeAll
    static void start() throws Exception {
        OmnilineConfig base = TestConfigs.forDatabase(db.settings());
        OmnilineConfig.Auth auth = base.auth();
        omniline = Omniline.start(TestConfigs.withAuth(
                TestConfigs.withHttp(base, new OmnilineConfig.Http("127.0.0.1", 0, null, "127.0.0.1", false)),
                new OmnilineConfig.Auth(
                        auth.sessionHours(),
                        auth.sessionMaxHours(),
                        auth.sessionPurgeMinutes(),
                        10,
                        auth.adminPassword(),
                        5,
                        20,
                        15)));
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
    }

    @Test
    void fortyParallelWrongPasswordsGetNoMorePasswordChecksThanAllowed() {
        String login = account();
        List<CompletableFuture<HttpResponse<String>>> tries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tries.add(http.sendAsync(login(login, "wrong " + i, "203.0.113.40"), HttpResponse.BodyHandlers.ofString()));
        }

        Map<Integer, Long> statuses = tries.stream()
                .map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertThat(statuses)
                .as("401 = the password was checked; 429 = refused unchecked")
                .isEqualTo(Map.of(401, 5L, 429, 35L));
    }

    @Test
    void anAttackerFromOneAddressDoesNotLockTheRealUserOutFromAnother() throws Exception {
        String login = account();
        for (int i = 0; i < 5; i++) {
            assertThat(send(login(login, "guess " + i, "203.0.113.50")).statusCode())
                    .isEqualTo(401);
        }

        HttpResponse<String> attacker = send(login(login, PASSWORD, "203.0.113.50"));
        HttpResponse<String> user = send(login(login, PASSWORD, "198.51.100.50"));

        assertThat(attacker.statusCode()).isEqualTo(429);
        assertThat(attacker.headers().firstValue("retry-after")).isPresent();
        assertThat(user.statusCode()).isEqualTo(200);
    }

    @Test
    void oneAddressTryingManyLoginsIsCapped() throws Exception {
        String login = account();
        for (int i = 0; i < 20; i++) {
            assertThat(send(login("nobody-" + UUID.randomUUID(), "guess", "203.0.113.60"))
                            .statusCode())
                    .isEqualTo(401);
        }

        assertThat(send(login(login, PASSWORD, "203.0.113.60")).statusCode()).isEqualTo(429);
        assertThat(send(login(login, PASSWORD, "198.51.100.60")).statusCode()).isEqualTo(200);
    }

    @Test
    void theClientIsTheRightmostAddressNoTrustedProxyWroteSoASpoofedOneChangesNothing() throws Exception {
        String login = account();
        for (int i = 0; i < 5; i++) {
            assertThat(send(login(login, "guess " + i, "192.0.2." + i + ", 203.0.113.70"))
                            .statusCode())
                    .isEqualTo(401);
        }

        assertThat(send(login(login, PASSWORD, "192.0.2.99, 203.0.113.70")).statusCode())
                .isEqualTo(429);
        assertThat(send(login(login, PASSWORD, "203.0.113.70, 127.0.0.1")).statusCode())
                .as("a trusted hop in the chain is skipped")
                .isEqualTo(429);
    }

    /** Defect: a NUL in the login answered Jetty's HTML 500 page and was not counted as a try. */
    @Test
    void aLoginHoldingANulIsRefusedInWordsAndCountsAsATry() throws Exception {
        String login = account();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> refused = send(login(login + "\\u0000", "guess " + i, "203.0.113.80"));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("content-type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(refused.body())
                    .contains("field \\\"login\\\" contains a NUL character (U+0000), which no text may hold")
                    .contains("\"field\":\"login\"");
        }

        assertThat(send(login(login + "\\u0000", "guess", "203.0.113.80")).statusCode())
                .isEqualTo(429);
        assertThat(send(login(login, PASSWORD, "203.0.113.80")).statusCode())
                .as("the NUL tries counted against the login they name, without the NUL")
                .isEqualTo(429);
        assertThat(send(login(login, PASSWORD, "198.51.100.80")).statusCode()).isEqualTo(200);
    }

    private static String account() {
        String login = "ana-" + UUID.randomUUID();
        db.repositories().accounts().create(login, hasher.hash(PASSWORD), AccountRole.supervisor, null, "test");
        return login;
    }

    private static HttpRequest login(String login, String password, String forwardedFor) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + omniline.httpPort() + "/auth/login"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"login\": \"" + login + "\", \"password\": \"" + password + "\"}"))
                .build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

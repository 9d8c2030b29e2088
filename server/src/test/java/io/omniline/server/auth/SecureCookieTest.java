package io.omniline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.config.OmnilineConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behind a TLS proxy the browser speaks HTTPS while Omniline sees plain HTTP; the session cookie
 * must still be Secure. A trusted proxy saying so makes it Secure, anyone else saying so does
 * not, and {@code http.secureCookies} makes it Secure whatever is said.
 */
class SecureCookieTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aTrustedProxySayingHttpsMakesTheCookieSecure() throws Exception {
        try (Omniline omniline = start(new OmnilineConfig.Http("127.0.0.1", 0, null, "127.0.0.0/8", false))) {
            assertThat(cookie(omniline, "X-Forwarded-Proto", "https")).contains("; Secure");
            assertThat(cookie(omniline, "Forwarded", "for=203.0.113.9;proto=https"))
                    .contains("; Secure");
            assertThat(cookie(omniline, "X-Forwarded-Proto", "http")).doesNotContain("Secure");
        }
    }

    @Test
    void anyoneElseSayingHttpsChangesNothing() throws Exception {
        try (Omniline omniline = start(new OmnilineConfig.Http("127.0.0.1", 0, null, "10.0.0.0/8", false))) {
            assertThat(cookie(omniline, "X-Forwarded-Proto", "https")).doesNotContain("Secure");
            assertThat(cookie(omniline, "Forwarded", "proto=https")).doesNotContain("Secure");
        }
    }

    @Test
    void secureCookiesMakesEveryCookieSecure() throws Exception {
        try (Omniline omniline = start(new OmnilineConfig.Http("127.0.0.1", 0, null, null, true))) {
            assertThat(cookie(omniline, "X-Nothing", "at all")).contains("; Secure");
        }
    }

    private static Omniline start(OmnilineConfig.Http web) throws Exception {
        return Omniline.start(TestConfigs.withHttp(TestConfigs.forDatabase(db.settings()), web));
    }

    private static String cookie(Omniline omniline, String header, String value) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + omniline.httpPort() + "/auth/login"))
                        .header("Content-Type", "application/json")
                        .header(header, value)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"login\": \"admin\", \"password\": \"" + TestConfigs.ADMIN_PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue("set-cookie").orElseThrow();
    }
}

package io.omniline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.sim.AmiSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OmnilineTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthAndMetricsAnswerOnAnyFreePort() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            HttpResponse<String> health = get(omniline, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("content-type")).contains("application/json");
            assertThat(health.body()).startsWith("{\"status\":\"UP\",\"checks\":{\"database\":{\"status\":\"UP\"");

            HttpResponse<String> metrics = get(omniline, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("jvm_memory_used_bytes")
                    .contains("hikaricp_connections_active{pool=\"omniline\"}")
                    .contains("jetty_threads_busy");
            // A request is timed when it completes, which may be just after its client has the answer.
            assertThat(eventually(() -> get(omniline, "/metrics").body()))
                    .containsPattern("jetty_server_requests_seconds_count\\{[^}]*status=\"200\"[^}]*\\} [1-9]");
            assertThat(get(omniline, "/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void healthTurnsDownWhenTheDatabaseIsLost() throws Exception {
        DatabaseSettings doomed = TestDatabase.createAnother();
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(doomed))) {
            assertThat(get(omniline, "/health").statusCode()).isEqualTo(200);

            TestDatabase.drop(doomed);

            HttpResponse<String> health = get(omniline, "/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"");
        }
    }

    @Test
    void healthSaysWhetherTheLiveModelIsCompleteAndWhyNot() throws Exception {
        try (Omniline off = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            assertThat(health(off).path("checks").path("ami").path("status").asText())
                    .isEqualTo("OFF");
        }
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline =
                        Omniline.start(TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()))) {
            JsonNode complete =
                    awaitHealth(omniline, ami -> ami.path("liveModel").asText().equals("complete"));
            assertThat(complete.path("status").asText()).isEqualTo("UP");
            assertThat(complete.path("pendingCallUpdates").asInt()).isZero();
            assertThat(complete.has("reason")).isFalse();

            asterisk.restart(Duration.ofMillis(300));
            JsonNode booting =
                    awaitHealth(omniline, ami -> ami.path("reason").asText().contains("not ready"));
            assertThat(booting.path("liveModel").asText()).isEqualTo("incomplete");
            assertThat(booting.path("reason").asText())
                    .as("in words, Asterisk's own reply left to the log")
                    .isEqualTo(
                            "Asterisk is not ready to list its queues and calls yet (it may be starting); asking again");

            asterisk.finishBoot();
            awaitHealth(omniline, ami -> ami.path("liveModel").asText().equals("complete"));
            assertThat(get(omniline, "/health").statusCode())
                    .as("AMI does not decide the node's health")
                    .isEqualTo(200);
        }
    }

    private JsonNode awaitHealth(Omniline omniline, Predicate<JsonNode> ami) throws Exception {
        JsonNode check = health(omniline).path("checks").path("ami");
        for (int i = 0; i < 100 && !ami.test(check); i++) {
            Thread.sleep(100);
            check = health(omniline).path("checks").path("ami");
        }
        assertThat(ami.test(check))
                .as("AMI check reached within 10 s: " + check)
                .isTrue();
        return check;
    }

    private JsonNode health(Omniline omniline) throws Exception {
        return new ObjectMapper().readTree(get(omniline, "/health").body());
    }

    @Test
    void servesThePageItsScriptsAndTheBrowserLibrariesButNothingElse() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            HttpResponse<String> page = get(omniline, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("content-security-policy"))
                    .get()
                    .asString()
                    .contains("default-src 'self'");
            assertThat(get(omniline, "/app.js").headers().firstValue("content-type"))
                    .contains("text/javascript; charset=utf-8");
            for (String library : new String[] {
                "/vendor/jssip.min.js", "/vendor/elk-api.js", "/vendor/elk-worker.min.js", "/vendor/uPlot.iife.min.js"
            }) {
                HttpResponse<String> script = get(omniline, library);
                assertThat(script.statusCode()).as(library).isEqualTo(200);
                assertThat(script.body()).as(library).hasSizeGreaterThan(1000);
            }
            assertThat(get(omniline, "/vendor/JsSIP.d.ts").statusCode()).isEqualTo(404);
            assertThat(get(omniline, "/logback.xml").statusCode()).isEqualTo(404);
            assertThat(get(omniline, "/%2e%2e/logback.xml").statusCode()).isIn(400, 404);
            assertThat(get(omniline, "/vendor/..%2f..%2fapi/openapi.json").statusCode())
                    .isIn(400, 404);
        }
    }

    private static String eventually(ThrowingSupplier<String> scrape) throws Exception {
        String body = scrape.get();
        for (int attempt = 0; attempt < 50 && !body.contains("jetty_server_requests_seconds_count"); attempt++) {
            Thread.sleep(100);
            body = scrape.get();
        }
        return body;
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private HttpResponse<String> get(Omniline omniline, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + omniline.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

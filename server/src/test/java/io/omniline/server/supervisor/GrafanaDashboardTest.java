package io.omniline.server.supervisor;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Grafana dashboard shipped in {@code grafana/omniline.json} queries only what Omniline
 * exports: a server followed by the Asterisk simulator, with a queue, an agent and a call through
 * the IVR, is scraped at /metrics, and every metric name in every panel's and variable's query
 * must be among the scraped series.
 */
class GrafanaDashboardTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Path DASHBOARD = Path.of("../grafana/omniline.json");

    /** PromQL words that are not metric names: aggregations, their modifiers, and the dashboard's variables. */
    private static final Set<String> NOT_METRICS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless");

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> queries = new ArrayList<>();
        collectQueries(dashboard.path("panels"), queries);
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.path("type").asText().equals("query")) {
                queries.add(variable.path("query")
                        .path("query")
                        .asText(variable.path("query").asText()));
            }
        });
        assertThat(queries).as("queries in the dashboard").hasSizeGreaterThanOrEqualTo(10);
        Set<String> queried = new TreeSet<>();
        queries.forEach(query -> queried.addAll(metricNames(query)));
        assertThat(queried)
                .as("the dashboard shows the queues' live figures")
                .contains(
                        "omniline_queue_callers_waiting",
                        "omniline_queue_longest_wait_seconds",
                        "omniline_queue_agents",
                        "omniline_queue_service_level_today_percent");

        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            AmiScripts.awaitAmi(omniline);
            asterisk.emit(("Event: QueueMemberAdded\r\nPrivilege: agent,all\r\nQueue: support\r\nMemberName: Amy\r\n"
                            + "Interface: PJSIP/1001\r\nMembership: dynamic\r\nPenalty: 0\r\nInCall: 0\r\nStatus: 1\r\n"
                            + "Paused: 0\r\nPausedReason: \r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            AsteriskAgiCall.of(
                            AgiEnvironment.call("1795455816.1", "15551234567", "100", "ivr"),
                            press("1"),
                            press("12345678#"),
                            press("2"))
                    .run(omniline.agiPort());
            // Answered at once, so the queue has a service level today (none is shown over no calls).
            long amy = db.repositories()
                    .agents()
                    .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                    .id();
            InteractionRepository interactions = db.repositories().interactions();
            long call = interactions
                    .findByExternalId(Channel.voice, "1795455816.1")
                    .orElseThrow()
                    .id();
            interactions.offer(call, amy);
            interactions.answer(call, amy);

            // A web request is timed when it completes, so the second scrape is the first to count one.
            String metrics = "";
            for (int i = 0;
                    i < 200
                            && !(metrics.contains("status=\"available\"} 1.0")
                                    && metrics.contains("jetty_server_requests_seconds_count")
                                    && metrics.contains("omniline_queue_service_level_today_percent{"));
                    i++) {
                Thread.sleep(100);
                metrics = scrape(omniline);
            }
            assertThat(metrics)
                    .contains("omniline_queue_agents{queue=\"support\",status=\"available\"} 1.0")
                    .contains("omniline_queue_callers_waiting{queue=\"support\"} 0.0")
                    .contains("omniline_queue_service_level_today_percent{queue=\"support\"} 100.0");
            Set<String> exported = exportedNames(metrics);
            assertThat(exported).as("series scraped from /metrics").containsAll(queried);
        }
    }

    private static void collectQueries(JsonNode panels, List<String> queries) {
        for (JsonNode panel : panels) {
            panel.path("targets")
                    .forEach(target -> queries.add(target.path("expr").asText()));
            collectQueries(panel.path("panels"), queries);
        }
    }

    /** The metric names in a PromQL query: names not called as functions, outside label matchers and ranges. */
    static Set<String> metricNames(String query) {
        String bare = query.replaceAll("label_values\\(\\s*([^,)]+),[^)]*\\)", "$1")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
                .replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\$\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher token = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(bare);
        while (token.find()) {
            boolean calledAsFunction = token.group(2) != null;
            String word = token.group(1);
            if (!calledAsFunction && !NOT_METRICS.contains(word) && !word.matches("\\d.*")) {
                names.add(word);
            }
        }
        return names;
    }

    private static Set<String> exportedNames(String metrics) {
        Set<String> names = new TreeSet<>();
        for (String line : metrics.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static String scrape(Omniline omniline) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + omniline.httpPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}

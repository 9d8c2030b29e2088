package io.omniline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.omniline.bridge.testing.Eventually;
import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.testing.FreezingProxy;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.supervisor.QueueBoards;
import io.omniline.server.supervisor.QueueMetrics;
import io.omniline.telephony.live.QueueSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /metrics over a database that hangs or goes down: the scrape answers with the last figures
 * marked stale instead of waiting for the pool (whose connection timeout here is longer than the
 * scraper waits), and the figures are fresh again once the database is back.
 */
class MetricsWhileDatabaseAwayTest {

    /** Longer than the scraper below waits: a scrape that waited for the pool would fail the test. */
    private static final Duration POOL_WAIT = Duration.ofSeconds(60);

    private static final Duration SCRAPER_WAIT = Duration.ofSeconds(20);
    private static final String ANSWERED = "omniline_queue_answered_today{queue=\"support\"} 0.0";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(SCRAPER_WAIT).build();
    private FreezingProxy proxy;
    private Database database;
    private BoundedRefresh refresh;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        proxy = FreezingProxy.in(db.settings());
        DatabaseSettings direct = db.settings();
        database = Database.connect(
                proxy.settings(new DatabaseSettings(direct.jdbcUrl(), direct.user(), direct.password(), 2, POOL_WAIT)));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        QueueSnapshot support = new QueueSnapshot("support", List.of(), 0, 0, 0, Map.of(), 20);
        QueueBoards boards = new QueueBoards(
                () -> List.of(support), database.repositories().serviceLevels(), Clock.systemUTC(), Duration.ZERO);
        QueueMetrics metrics = new QueueMetrics(boards, registry);
        refresh = new BoundedRefresh(
                () -> {
                    metrics.refresh();
                    return boards.todayCurrent();
                },
                Duration.ofSeconds(1),
                registry,
                Clock.systemUTC());
        server = new HttpServer(
                new HttpServer.Settings("127.0.0.1", 0, null, null),
                List.of(WebRoute.withoutBody("/metrics", new MetricsHandler(registry, refresh))),
                Map.of(),
                registry);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.thaw();
        proxy.restore();
        server.close();
        refresh.close();
        database.close();
        proxy.close();
    }

    @Test
    void aHungDatabaseGivesTheLastFiguresMarkedStaleAndFreshOnesOnceItAnswers() throws Exception {
        assertThat(fresh(SCRAPER_WAIT)).contains(ANSWERED);

        proxy.freeze();
        String whileHung = scrape();
        assertThat(whileHung).as("the last figures stay").contains(ANSWERED).contains("omniline_metrics_stale 1.0");
        assertThat(scrape())
                .as("a second scrape does not queue behind the first")
                .contains("omniline_metrics_stale 1.0");

        proxy.thaw();
        assertThat(fresh(SCRAPER_WAIT)).contains(ANSWERED);
    }

    @Test
    void aDatabaseThatIsDownGivesTheLastFiguresMarkedStaleAndFreshOnesOnceItIsBack() throws Exception {
        assertThat(fresh(SCRAPER_WAIT)).contains(ANSWERED);

        proxy.cut();
        assertThat(scrape()).contains(ANSWERED).contains("omniline_metrics_stale 1.0");

        proxy.restore();
        assertThat(fresh(POOL_WAIT)).contains(ANSWERED);
    }

    /** Scrapes until the figures are current: the first read of a new pool may take longer than the bound. */
    private String fresh(Duration within) {
        return Eventually.await(this::scrape, s -> s.contains("omniline_metrics_stale 0.0"), within);
    }

    private String scrape() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                            .timeout(SCRAPER_WAIT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (Exception e) {
            throw new AssertionError("the scrape did not answer within " + SCRAPER_WAIT, e);
        }
    }
}

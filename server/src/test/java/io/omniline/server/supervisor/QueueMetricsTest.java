package io.omniline.server.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.omniline.db.interaction.ServiceLevel;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.QueueSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The wallboard's figures as Prometheus series: set anew at each refresh, a queue gone loses its series. */
class QueueMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<List<QueueBoard>> boards = new AtomicReference<>(List.of());
    private final QueueMetrics metrics = new QueueMetrics(boards::get, registry);

    @Test
    void eachQueueHasItsLiveFiguresAndAgentsByStatus() {
        boards.set(List.of(new QueueBoard(
                "support",
                List.of("1.1", "1.2"),
                42,
                7,
                1,
                Map.of("PJSIP/1001", AgentStatus.AVAILABLE, "PJSIP/1002", AgentStatus.ON_CALL),
                20,
                87.5,
                null,
                7,
                1)));
        metrics.refresh();
        assertThat(registry.scrape())
                .contains("omniline_queue_callers_waiting{queue=\"support\"} 2.0")
                .contains("omniline_queue_longest_wait_seconds{queue=\"support\"} 42.0")
                .contains("omniline_queue_agents{queue=\"support\",status=\"available\"} 1.0")
                .contains("omniline_queue_agents{queue=\"support\",status=\"on call\"} 1.0")
                .contains("omniline_queue_agents{queue=\"support\",status=\"paused\"} 0.0")
                .contains("omniline_queue_service_level_today_percent{queue=\"support\"} 87.5")
                .contains("omniline_queue_answered_today{queue=\"support\"} 7.0")
                .contains("omniline_queue_abandoned_today{queue=\"support\"} 1.0");
    }

    @Test
    void aQueueGoneLosesItsSeriesAndTodaysFiguresWaitForTheDatabase() {
        boards.set(List.of(new QueueBoard("support", List.of(), 0, 0, 0, Map.of(), 20, 100.0, null, 0, 0)));
        metrics.refresh();
        boards.set(List.of(QueueBoard.of(new QueueSnapshot("sales", List.of("2.1"), 5, 0, 0, Map.of(), 20), null)));
        metrics.refresh();
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("omniline_queue_callers_waiting{queue=\"sales\"} 1.0")
                .doesNotContain("queue=\"support\"")
                .as("while the database cannot say, today's figures are absent, not zero")
                .doesNotContain("omniline_queue_service_level_today_percent{")
                .doesNotContain("omniline_queue_answered_today{");
    }

    @Test
    void aQueueWithNothingAnsweredYetHasNoServiceLevelButItsCountsAreZero() {
        boards.set(List.of(QueueBoard.of(
                new QueueSnapshot("sales", List.of(), 0, 0, 0, Map.of(), 20), new ServiceLevel("sales", 20, 0, 0, 0))));
        metrics.refresh();
        assertThat(registry.scrape())
                .doesNotContain("omniline_queue_service_level_today_percent{")
                .contains("omniline_queue_answered_today{queue=\"sales\"} 0.0")
                .contains("omniline_queue_abandoned_today{queue=\"sales\"} 0.0");
    }
}

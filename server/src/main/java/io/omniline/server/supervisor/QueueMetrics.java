package io.omniline.server.supervisor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.omniline.telephony.live.AgentStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The wallboard's live figures as Prometheus gauges, one series per queue (and per agent status):
 * callers waiting, the longest wait, agents by status, and today's service level, answered and
 * abandoned. Queues come and go with Asterisk's, so the series are set anew from the wallboard
 * just before each scrape ({@link #refresh}); today's figures are the wallboard's, read from the
 * database at most once per its refresh interval, and absent while the database cannot say.
 */
public final class QueueMetrics {

    private final Supplier<List<QueueBoard>> boards;
    private final MultiGauge waiting;
    private final MultiGauge longestWait;
    private final MultiGauge agents;
    private final MultiGauge serviceLevel;
    private final MultiGauge answered;
    private final MultiGauge abandoned;

    public QueueMetrics(Supplier<List<QueueBoard>> boards, MeterRegistry registry) {
        this.boards = boards;
        this.waiting = MultiGauge.builder("omniline_queue_callers_waiting")
                .description("callers waiting in the queue now")
                .register(registry);
        this.longestWait = MultiGauge.builder("omniline_queue_longest_wait_seconds")
                .description("how long the first caller in line has waited")
                .register(registry);
        this.agents = MultiGauge.builder("omniline_queue_agents")
                .description("the queue's agents in each status now (an agent in two queues counts in both)")
                .register(registry);
        this.serviceLevel = MultiGauge.builder("omniline_queue_service_level_today_percent")
                .description(
                        "today's service level: answered within the queue's threshold ÷ (answered + abandoned) × 100;"
                                + " 100 while no caller has finished waiting")
                .register(registry);
        this.answered = MultiGauge.builder("omniline_queue_answered_today")
                .description("calls of the queue answered since midnight")
                .register(registry);
        this.abandoned = MultiGauge.builder("omniline_queue_abandoned_today")
                .description("calls of the queue abandoned since midnight")
                .register(registry);
    }

    /** Sets every series from the wallboard now; a queue gone from Asterisk loses its series. */
    public void refresh() {
        List<MultiGauge.Row<?>> waitingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> longestRows = new ArrayList<>();
        List<MultiGauge.Row<?>> agentRows = new ArrayList<>();
        List<MultiGauge.Row<?>> levelRows = new ArrayList<>();
        List<MultiGauge.Row<?>> answeredRows = new ArrayList<>();
        List<MultiGauge.Row<?>> abandonedRows = new ArrayList<>();
        for (QueueBoard board : boards.get()) {
            Tags queue = Tags.of("queue", board.name());
            waitingRows.add(MultiGauge.Row.of(queue, board.callers().size()));
            longestRows.add(MultiGauge.Row.of(queue, board.longestWaitSeconds()));
            Map<AgentStatus, Integer> byStatus = new EnumMap<>(AgentStatus.class);
            for (AgentStatus status : AgentStatus.values()) {
                byStatus.put(status, 0);
            }
            board.agents().values().forEach(status -> byStatus.merge(status, 1, Integer::sum));
            byStatus.forEach((status, count) ->
                    agentRows.add(MultiGauge.Row.of(queue.and("status", statusWord(status)), count)));
            if (board.serviceLevelPercent() != null) {
                levelRows.add(MultiGauge.Row.of(queue, board.serviceLevelPercent()));
            }
            if (board.todayRead()) {
                answeredRows.add(MultiGauge.Row.of(queue, board.answeredToday()));
                abandonedRows.add(MultiGauge.Row.of(queue, board.abandonedToday()));
            }
        }
        waiting.register(waitingRows, true);
        longestWait.register(longestRows, true);
        agents.register(agentRows, true);
        serviceLevel.register(levelRows, true);
        answered.register(answeredRows, true);
        abandoned.register(abandonedRows, true);
    }

    /** The status as a Grafana legend shows it. */
    static String statusWord(AgentStatus status) {
        return switch (status) {
            case LOGGED_OFF -> "logged off";
            case AVAILABLE -> "available";
            case RINGING -> "ringing";
            case ON_CALL -> "on call";
            case WRAP_UP -> "wrap-up";
            case PAUSED -> "paused";
        };
    }
}

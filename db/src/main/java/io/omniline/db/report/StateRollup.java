package io.omniline.db.report;

import io.omniline.db.agent.AgentStateLog;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Keeps the quarter-hour roll-ups of the seconds each agent spent in each state, which reports'
 * agent measures read ({@link ReportRepository#stateSeconds}). The log is written as states change,
 * so a quarter-hour is rolled once it is over and a watermark ({@code report_state_rolled.until})
 * moves past it; a row written later into a rolled quarter-hour (a write retried through an
 * outage) marks it dirty, and it is rolled again. Runs in {@link ReportRollup}'s transaction.
 */
final class StateRollup {

    /** The states whose seconds are kept, each a column of the roll-ups (logged-out time is not). */
    static final List<String> STATES = Arrays.stream(AgentStateLog.State.values())
            .filter(state -> state != AgentStateLog.State.LOGGED_OUT)
            .map(AgentStateLog.State::code)
            .toList();

    private StateRollup() {}

    /**
     * Rolls the quarter-hours marked dirty and the next ones past the watermark, up to {@code
     * limit} of each, that are over before {@code now}, and moves the watermark past them.
     *
     * @return the quarter-hours rolled
     */
    static int roll(DSLContext tx, OffsetDateTime now, int limit) {
        OffsetDateTime from = tx.resultQuery("SELECT coalesce(w.until, (SELECT " + ReportRollup.slotOf("min(l.at)")
                        + " FROM agent_state_log l)) FROM report_state_rolled w")
                .fetchOne(0, OffsetDateTime.class);
        if (from == null) {
            return 0;
        }
        OffsetDateTime to = tx.resultQuery(
                        "SELECT least(" + ReportRollup.slotOf("?::timestamptz")
                                + ", ?::timestamptz + ? * interval '15 minutes')",
                        now,
                        from,
                        limit)
                .fetchOne(0, OffsetDateTime.class);
        List<OffsetDateTime> slots = tx.resultQuery(
                        "SELECT g FROM generate_series(?::timestamptz, ?::timestamptz - interval '15 minutes',"
                                + " interval '15 minutes') g UNION SELECT slot FROM (SELECT DISTINCT slot"
                                + " FROM report_state_dirty WHERE slot < least(?::timestamptz, ?::timestamptz)"
                                + " ORDER BY slot DESC LIMIT ?) d",
                        from,
                        to,
                        from,
                        to,
                        limit)
                .fetch(0, OffsetDateTime.class);
        if (slots.isEmpty()) {
            return 0;
        }
        String[] texts = slots.stream().map(OffsetDateTime::toString).toArray(String[]::new);
        // First: a writer holding a mark of these quarter-hours is waited for, so its row is seen.
        tx.execute("DELETE FROM report_state_dirty WHERE slot = ANY(?::text[]::timestamptz[])", (Object) texts);
        tx.execute("DELETE FROM report_state_rollup WHERE slot = ANY(?::text[]::timestamptz[])", (Object) texts);
        String columns = String.join(", ", STATES);
        String sums = STATES.stream()
                .map(state -> "coalesce(sum(v.seconds) FILTER (WHERE sp.state = '" + state + "'), 0)")
                .collect(Collectors.joining(", "));
        tx.execute(
                "WITH x AS (" + ReportRollup.runs("SELECT y.slot FROM unnest(?::text[]::timestamptz[]) y(slot)") + "),"
                        + StateSpans.within("x")
                        + " INSERT INTO report_state_rollup (slot, agent_id, " + columns + ")"
                        + " SELECT g.slot, sp.agent_id, " + sums
                        + " FROM sp CROSS JOIN LATERAL generate_series(" + ReportRollup.slotOf("sp.s")
                        + ", sp.e, interval '15 minutes') g(slot)"
                        + " CROSS JOIN LATERAL (SELECT extract(epoch FROM least(sp.e, g.slot + interval '15 minutes')"
                        + "   - greatest(sp.s, g.slot)) AS seconds) v"
                        + " WHERE g.slot < sp.e GROUP BY g.slot, sp.agent_id",
                (Object) texts);
        tx.execute("UPDATE report_state_rolled SET until = greatest(until, ?::timestamptz)", to);
        return slots.size();
    }

    /** Forgets every roll-up, so the next rolls make them all again from the log. */
    static void forget(DSLContext tx) {
        tx.execute("DELETE FROM report_state_rollup");
        tx.execute("DELETE FROM report_state_dirty");
        tx.execute("UPDATE report_state_rolled SET until = NULL");
    }
}

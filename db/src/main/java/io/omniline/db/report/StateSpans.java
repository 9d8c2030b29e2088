package io.omniline.db.report;

/**
 * The spans of agent states that reports and their roll-ups cut into intervals: an agent's state
 * lasts from its row of the log to the agent's next row, cut to the stretch of time it is read
 * over; the state the agent was in when a stretch began counts from its start.
 */
final class StateSpans {

    private StateSpans() {}

    /**
     * The CTEs {@code r} and {@code sp} (agent_id, state, s, e): each agent's spans within every
     * stretch [lo, hi) of the CTE {@code stretches}, logged-out time and empty spans left out.
     * The log is read an index range per stretch and one row per agent before it.
     */
    static String within(String stretches) {
        return " r AS (SELECT x.lo, x.hi, l.agent_id, l.state, l.at, l.id FROM " + stretches + " x CROSS JOIN LATERAL"
                + "   (SELECT * FROM agent_state_log l WHERE l.at >= x.lo AND l.at < x.hi OFFSET 0) l"
                + "   UNION ALL SELECT x.lo, x.hi, y.agent_id, y.state, y.at, y.id FROM " + stretches + " x"
                + "   CROSS JOIN agent a CROSS JOIN LATERAL (SELECT * FROM agent_state_log l WHERE l.agent_id = a.id"
                + "   AND l.at < x.lo ORDER BY l.at DESC, l.id DESC LIMIT 1) y),"
                + " sp AS (SELECT * FROM (SELECT r.agent_id, r.state, greatest(r.at, r.lo) AS s,"
                + "   lead(r.at, 1, r.hi) OVER (PARTITION BY r.lo, r.agent_id ORDER BY r.at, r.id) AS e FROM r) q"
                + "   WHERE q.state <> 'logged_out' AND q.e > q.s)";
    }
}

package io.omniline.server.supervisor;

import io.omniline.db.agent.AgentStateLog;
import io.omniline.db.agent.AgentStateLog.Source;
import io.omniline.db.agent.AgentStateLog.State;
import io.omniline.db.testing.TestDatabase;
import java.time.Instant;

/**
 * A stored day of one agent in a contact center in New York, for tests that read it at the test
 * servers' {@code TestConfigs.OPENING_HOURS} (Wednesday 2026-11-18, 11:00 there): logged out since
 * the evening before, then in at 8:00, a call, lunch-time training, available again. One call of
 * 11 min 50 s handled.
 */
public final class AgentDayFixture {

    public static final String ZONE = "America/New_York";

    /** Midnight of 2026-11-18 in New York. */
    public static final Instant DAY_START = Instant.parse("2026-11-18T05:00:00Z");

    private AgentDayFixture() {}

    public static void seed(TestDatabase db, long agentId) {
        AgentStateLog log = db.repositories().agentStateLog();
        record(log, agentId, State.LOGGED_OUT, null, "2026-11-17T22:00:00Z");
        record(log, agentId, State.LOGGED_IN, null, "2026-11-18T13:00:00Z");
        record(log, agentId, State.AVAILABLE, null, "2026-11-18T13:00:00Z");
        record(log, agentId, State.RINGING, null, "2026-11-18T13:30:00Z");
        record(log, agentId, State.ON_CALL, null, "2026-11-18T13:30:10Z");
        record(log, agentId, State.WRAP_UP, null, "2026-11-18T13:42:00Z");
        record(log, agentId, State.AVAILABLE, null, "2026-11-18T13:45:00Z");
        record(log, agentId, State.PAUSED, "training", "2026-11-18T14:30:00Z");
        record(log, agentId, State.AVAILABLE, null, "2026-11-18T15:00:00Z");
        // Inserted in progress and then ended: the interaction's own rule on how states follow each other.
        long call = db.dsl()
                .fetchSingle(
                        "INSERT INTO interaction (channel, direction, state, queue_name, agent_id, started_at, queued_at,"
                                + " answered_at, hold_seconds) VALUES ('voice', 'inbound', 'active', 'support', ?,"
                                + " ?::timestamptz, ?::timestamptz, ?::timestamptz, 8) RETURNING id",
                        agentId,
                        "2026-11-18T13:29:40Z",
                        "2026-11-18T13:29:52Z",
                        "2026-11-18T13:30:10Z")
                .get(0, Long.class);
        db.dsl()
                .execute(
                        "UPDATE interaction SET state = 'ended', outcome = 'completed', ended_at = ?::timestamptz,"
                                + " talk_seconds = 710 WHERE id = ?",
                        "2026-11-18T13:42:00Z",
                        call);
    }

    private static void record(AgentStateLog log, long agentId, State state, String reason, String at) {
        log.record(agentId, state, reason, Instant.parse(at), Source.AMI);
    }
}

package io.omniline.db.agent;

import static io.omniline.db.jooq.Tables.AGENT_STATE_LOG;

import io.omniline.db.RenderedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;

/**
 * The stored log of agent states (logged in, available, ringing, on call, wrap-up, paused by
 * reason, logged out) that occupancy and utilisation are computed from. A change is written only
 * when it differs from the agent's latest row, so the same change seen twice (an agent in three
 * queues pauses: three QueueMemberPause events; a retried write; two nodes) is one row.
 */
public final class AgentStateLog {

    /** The states an agent can be in; a row's state lasts until the agent's next row. */
    public enum State {
        LOGGED_IN,
        AVAILABLE,
        RINGING,
        ON_CALL,
        WRAP_UP,
        PAUSED,
        LOGGED_OUT;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Source {
        AMI,
        DESKTOP
    }

    private final DSLContext dsl;

    public AgentStateLog(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * @param reason the pause reason, only with {@link State#PAUSED} (blank means none)
     * @return whether a row was written (false: the agent was already in that state)
     */
    public boolean record(long agentId, State state, String reason, Instant at, Source source) {
        String why = state == State.PAUSED && reason != null && !reason.isBlank() ? reason.strip() : null;
        return RECORD.execute(
                        dsl,
                        agentId,
                        state.code(),
                        why,
                        at.atOffset(ZoneOffset.UTC),
                        source.name().toLowerCase(Locale.ROOT),
                        agentId,
                        state.code(),
                        why)
                == 1;
    }

    /** Every ring, answer and hang-up writes here: rendered once (see {@link RenderedStatement}). */
    private static final RenderedStatement RECORD = recordStatement();

    private static RenderedStatement recordStatement() {
        var latest = DSL.select(AGENT_STATE_LOG.STATE, AGENT_STATE_LOG.REASON)
                .from(AGENT_STATE_LOG)
                .where(AGENT_STATE_LOG.AGENT_ID.eq(DSL.param(AGENT_STATE_LOG.AGENT_ID)))
                .orderBy(AGENT_STATE_LOG.AT.desc(), AGENT_STATE_LOG.ID.desc())
                .limit(DSL.inline(1));
        return RenderedStatement.of(DSL.insertInto(
                        AGENT_STATE_LOG,
                        AGENT_STATE_LOG.AGENT_ID,
                        AGENT_STATE_LOG.STATE,
                        AGENT_STATE_LOG.REASON,
                        AGENT_STATE_LOG.AT,
                        AGENT_STATE_LOG.SOURCE)
                .select(DSL.select(
                                DSL.param(AGENT_STATE_LOG.AGENT_ID),
                                DSL.param(AGENT_STATE_LOG.STATE),
                                DSL.param(AGENT_STATE_LOG.REASON),
                                DSL.param(AGENT_STATE_LOG.AT),
                                DSL.param(AGENT_STATE_LOG.SOURCE))
                        .whereNotExists(DSL.selectOne()
                                .from(latest.asTable("latest"))
                                .where(DSL.field(DSL.name("latest", "state"), String.class)
                                        .eq(DSL.param(AGENT_STATE_LOG.STATE))
                                        .and(DSL.field(DSL.name("latest", "reason"), String.class)
                                                .isNotDistinctFrom(DSL.param(AGENT_STATE_LOG.REASON)))))));
    }

    /**
     * One change of state: the agent was in {@code state} from {@code at} until their next entry.
     *
     * @param reason the pause reason (paused only); null when none was given
     */
    public record Entry(State state, String reason, Instant at) {}

    /**
     * The agent's entries from {@code from} (inclusive) to {@code to} (exclusive), oldest first,
     * preceded by the last one before {@code from}: the state they were already in when the
     * period began. Two reads on the (agent, at) index, however long the log.
     */
    public List<Entry> between(long agentId, Instant from, Instant to) {
        OffsetDateTime start = from.atOffset(ZoneOffset.UTC);
        List<Entry> entries = new ArrayList<>();
        dsl.select(AGENT_STATE_LOG.STATE, AGENT_STATE_LOG.REASON, AGENT_STATE_LOG.AT)
                .from(AGENT_STATE_LOG)
                .where(AGENT_STATE_LOG.AGENT_ID.eq(agentId).and(AGENT_STATE_LOG.AT.lt(start)))
                .orderBy(AGENT_STATE_LOG.AT.desc(), AGENT_STATE_LOG.ID.desc())
                .limit(1)
                .fetchOptional(AgentStateLog::entry)
                .ifPresent(entries::add);
        entries.addAll(dsl.select(AGENT_STATE_LOG.STATE, AGENT_STATE_LOG.REASON, AGENT_STATE_LOG.AT)
                .from(AGENT_STATE_LOG)
                .where(AGENT_STATE_LOG
                        .AGENT_ID
                        .eq(agentId)
                        .and(AGENT_STATE_LOG.AT.ge(start))
                        .and(AGENT_STATE_LOG.AT.lt(to.atOffset(ZoneOffset.UTC))))
                .orderBy(AGENT_STATE_LOG.AT, AGENT_STATE_LOG.ID)
                .fetch(AgentStateLog::entry));
        return entries;
    }

    private static Entry entry(Record3<String, String, OffsetDateTime> row) {
        return new Entry(
                State.valueOf(row.value1().toUpperCase(Locale.ROOT)),
                row.value2(),
                row.value3().toInstant());
    }

    /** The agent's latest state, or empty when none was ever logged. */
    public java.util.Optional<State> current(long agentId) {
        return dsl.select(AGENT_STATE_LOG.STATE)
                .from(AGENT_STATE_LOG)
                .where(AGENT_STATE_LOG.AGENT_ID.eq(agentId))
                .orderBy(AGENT_STATE_LOG.AT.desc(), AGENT_STATE_LOG.ID.desc())
                .limit(1)
                .fetchOptional(AGENT_STATE_LOG.STATE)
                .map(code -> State.valueOf(code.toUpperCase(Locale.ROOT)));
    }
}

package io.omniline.bench.ami;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;

/** What the node's database says of the tracked calls' interactions. */
final class CallOutcomes {

    private final DSLContext dsl;
    private final Map<Long, CallTrackingBenchmark.TrackedCall> calls;
    private final Long[] ids;

    CallOutcomes(DSLContext dsl, List<CallTrackingBenchmark.TrackedCall> calls) {
        this.dsl = dsl;
        this.calls = calls.stream().collect(Collectors.toMap(CallTrackingBenchmark.TrackedCall::interactionId,
                Function.identity()));
        this.ids = this.calls.keySet().toArray(Long[]::new);
    }

    /** Calls whose last event's mark is stored: wrap-up (or later) for answered calls, ended as abandoned otherwise. */
    long ended() {
        return dsl.resultQuery("""
                SELECT count(*) FROM interaction WHERE id = ANY({0})
                  AND (state IN ('wrap_up', 'ended') AND answered_at IS NOT NULL
                       OR state = 'ended' AND outcome = 'abandoned_in_queue')""", (Object) ids)
                .fetchOne(0, Long.class);
    }

    /** Marking events whose mark is not on the stored interaction. */
    long missingMarks() {
        long missing = 0;
        for (Record row : dsl.resultQuery("""
                SELECT id, state::text AS state, outcome::text AS outcome, agent_id, offered_at IS NOT NULL AS offered,
                       answered_at IS NOT NULL AS answered
                FROM interaction WHERE id = ANY({0})""", (Object) ids).fetch()) {
            CallTrackingBenchmark.TrackedCall call = calls.get(row.get("id", Long.class));
            String state = row.get("state", String.class);
            if (!row.get("offered", Boolean.class)) {
                missing += call.count("AgentCalled");
            }
            if (call.abandoned()) {
                if (!state.equals("ended") || !"abandoned_in_queue".equals(row.get("outcome", String.class))) {
                    missing += call.count("QueueCallerAbandon");
                }
                continue;
            }
            Long agent = row.get("agent_id", Long.class);
            if (!row.get("answered", Boolean.class) || agent == null || agent != call.agentId()) {
                missing += call.count("AgentConnect");
            }
            if (!state.equals("wrap_up") && !state.equals("ended")) {
                missing += call.count("AgentComplete");
            }
        }
        return missing;
    }
}

package io.omniline.bench.ami;

import io.omniline.db.bench.BenchQueries;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the node's database says of the tracked calls' interactions. */
final class CallOutcomes {

    private final BenchQueries queries;
    private final Map<Long, CallTrackingBenchmark.TrackedCall> calls;
    private final Long[] ids;

    CallOutcomes(BenchQueries queries, List<CallTrackingBenchmark.TrackedCall> calls) {
        this.queries = queries;
        this.calls = calls.stream()
                .collect(Collectors.toMap(CallTrackingBenchmark.TrackedCall::interactionId, Function.identity()));
        this.ids = this.calls.keySet().toArray(Long[]::new);
    }

    /** Calls whose last event's mark is stored: wrap-up (or later) for answered calls, ended as abandoned otherwise. */
    long ended() {
        return queries.endedCalls(ids);
    }

    /** Marking events whose mark is not on the stored interaction. */
    long missingMarks() {
        long missing = 0;
        for (BenchQueries.CallMarks row : queries.callMarks(ids)) {
            CallTrackingBenchmark.TrackedCall call = calls.get(row.id());
            String state = row.state();
            if (!row.offered()) {
                missing += call.count("AgentCalled");
            }
            if (call.abandoned()) {
                if (!state.equals("ended") || !"abandoned_in_queue".equals(row.outcome())) {
                    missing += call.count("QueueCallerAbandon");
                }
                continue;
            }
            Long agent = row.agentId();
            if (!row.answered() || agent == null || agent != call.agentId()) {
                missing += call.count("AgentConnect");
            }
            if (!state.equals("wrap_up") && !state.equals("ended")) {
                missing += call.count("AgentComplete");
            }
        }
        return missing;
    }
}

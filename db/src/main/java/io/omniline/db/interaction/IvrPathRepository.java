package io.omniline.db.interaction;

import static io.omniline.db.jooq.Tables.IVR_STEP;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The path each call took through the IVR, shown to the agent and used to replay flows. */
public final class IvrPathRepository {

    private final DSLContext dsl;

    public IvrPathRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores steps in one round trip; a repeated sequence number is rejected by the primary key. */
    public void append(long interactionId, List<IvrStep> steps) {
        if (steps.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(
                IVR_STEP,
                IVR_STEP.INTERACTION_ID,
                IVR_STEP.SEQ,
                IVR_STEP.FLOW_ID,
                IVR_STEP.FLOW_VERSION,
                IVR_STEP.NODE_ID,
                IVR_STEP.NODE_TYPE,
                IVR_STEP.INPUT,
                IVR_STEP.OUTCOME,
                IVR_STEP.AT);
        for (IvrStep step : steps) {
            insert = insert.values(
                    interactionId,
                    step.seq(),
                    step.flowId(),
                    step.flowVersion(),
                    step.nodeId(),
                    step.nodeType(),
                    step.input(),
                    step.outcome(),
                    step.at());
        }
        insert.execute();
    }

    public List<IvrStep> path(long interactionId) {
        return dsl.selectFrom(IVR_STEP)
                .where(IVR_STEP.INTERACTION_ID.eq(interactionId))
                .orderBy(IVR_STEP.SEQ)
                .fetch(row -> new IvrStep(
                        row.getSeq(),
                        row.getFlowId(),
                        row.getFlowVersion(),
                        row.getNodeId(),
                        row.getNodeType(),
                        row.getInput(),
                        row.getOutcome(),
                        row.getAt()));
    }

    /** The latest calls that entered a flow (their first step is in it), newest first. */
    public List<RecentIvrCall> recentCalls(long flowId, int limit) {
        var first = IVR_STEP.as("first");
        var last = IVR_STEP.as("last");
        var lastSeq = DSL.select(DSL.max(IVR_STEP.SEQ))
                .from(IVR_STEP)
                .where(IVR_STEP.INTERACTION_ID.eq(first.INTERACTION_ID));
        return dsl.select(first.INTERACTION_ID, first.AT, first.FLOW_VERSION, last.SEQ, last.NODE_ID, last.OUTCOME)
                .from(first)
                .join(last)
                .on(last.INTERACTION_ID.eq(first.INTERACTION_ID).and(last.SEQ.eq(DSL.field(lastSeq))))
                .where(first.FLOW_ID.eq(flowId).and(first.SEQ.eq(1)))
                .orderBy(first.AT.desc())
                .limit(limit)
                .fetch(row -> new RecentIvrCall(
                        row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6()));
    }
}

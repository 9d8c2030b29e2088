package io.omniline.db.interaction;

import java.time.OffsetDateTime;

/**
 * One node a caller passed through in the IVR.
 *
 * @param seq position in the path, from 1
 * @param flowId flow the node belongs to (sub-flows differ from the entry flow); null if unknown
 * @param input what the caller entered there (digits), if anything
 * @param outcome the exit taken (e.g. "2", "timeout", "invalid", "closed")
 */
public record IvrStep(
        int seq,
        Long flowId,
        Integer flowVersion,
        String nodeId,
        String nodeType,
        String input,
        String outcome,
        OffsetDateTime at) {}

package io.omniline.db.interaction;

import java.time.OffsetDateTime;

/**
 * A call that entered a flow, for an admin picking one to replay on a draft.
 *
 * @param flowVersion the published version it ran
 * @param steps how many nodes it visited
 * @param lastNode where it left the IVR, with {@code lastOutcome} the exit or event there
 */
public record RecentIvrCall(
        long interactionId, OffsetDateTime at, Integer flowVersion, int steps, String lastNode, String lastOutcome) {}

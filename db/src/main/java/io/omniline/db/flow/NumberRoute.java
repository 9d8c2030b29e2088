package io.omniline.db.flow;

import java.time.OffsetDateTime;

/** A dialled number (DID or extension) and the flow that answers it. */
public record NumberRoute(String number, long flowId, String flowName, OffsetDateTime updatedAt, String updatedBy) {}

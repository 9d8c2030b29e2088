package io.omniline.db.flow;

import java.time.OffsetDateTime;

/**
 * An immutable published snapshot of a flow.
 *
 * @param sourceVersion the earlier version this one restores, when it was made by a rollback
 */
public record FlowVersion(
        long flowId,
        String flowName,
        int version,
        String definition,
        String comment,
        String publishedBy,
        OffsetDateTime publishedAt,
        Integer sourceVersion) {}

package io.omniline.db.flow;

import java.time.OffsetDateTime;

/**
 * An IVR flow as an admin is editing it.
 *
 * @param definition the flow's JSON; the ivr module gives it meaning
 * @param publishedVersion the version calls get now, or null when never published
 */
public record FlowDraft(
        long id,
        String name,
        String description,
        String definition,
        OffsetDateTime updatedAt,
        String updatedBy,
        Integer publishedVersion) {}

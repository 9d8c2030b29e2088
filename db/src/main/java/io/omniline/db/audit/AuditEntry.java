package io.omniline.db.audit;

import java.time.OffsetDateTime;
import java.util.Map;

/** Who did what to which entity, and when. */
public record AuditEntry(
        long id,
        OffsetDateTime at,
        String actor,
        String action,
        String entityKind,
        String entityId,
        Map<String, Object> details) {}

package io.omniline.db.audit;

import java.time.OffsetDateTime;

/**
 * Which audit entries to read, newest first; every part is optional (null).
 *
 * @param actor any part of who made the change, in any case: of a login, of a process such as
 *     "omniline reset-password", or of the name of the agent an account belongs to
 * @param action an action ({@code flow.publish}) or the start of one up to a dot ({@code flow})
 * @param from entries at or after
 * @param to entries before
 * @param before entries older than this entry id: the next page after an entry
 * @param limit at most this many
 */
public record AuditFilter(
        String actor, String action, OffsetDateTime from, OffsetDateTime to, Long before, int limit) {}

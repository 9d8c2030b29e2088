package io.omniline.server.audit;

import io.omniline.db.audit.AuditFilter;
import io.omniline.server.api.FieldProblem;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The audit page's question, read from the query string: {@code who}, {@code what}, {@code from},
 * {@code to}, {@code before} and {@code limit}. Anything that is not what it should be is refused
 * in words naming the field, never searched for.
 */
final class AuditQuery {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final Pattern WHAT = Pattern.compile("[a-z][a-z-]*(\\.[a-z][a-z-]*){0,3}");

    private AuditQuery() {}

    static AuditFilter parse(Map<String, String> query) {
        String who = blankToNull(query.get("who"));
        if (who != null && who.length() > 100) {
            throw new FieldProblem("who", "who is part of a login or a name, at most 100 characters");
        }
        String what = blankToNull(query.get("what"));
        if (what != null && (what.length() > 60 || !WHAT.matcher(what).matches())) {
            throw new FieldProblem(
                    "what",
                    "what is a kind of change such as flow, prompt or account, or one change such as flow.publish");
        }
        OffsetDateTime from = time(query, "from");
        OffsetDateTime to = time(query, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new FieldProblem("to", "the end of the period must be after its start");
        }
        return new AuditFilter(who, what, from, to, before(query), limit(query));
    }

    private static OffsetDateTime time(Map<String, String> query, String field) {
        String value = blankToNull(query.get(field));
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new FieldProblem(
                    field,
                    field + " must be a time with its offset, like 2026-12-01T09:00:00Z or 2026-12-01T10:00+01:00");
        }
    }

    private static Long before(Map<String, String> query) {
        String value = blankToNull(query.get("before"));
        if (value == null) {
            return null;
        }
        try {
            long before = Long.parseLong(value);
            if (before > 0) {
                return before;
            }
        } catch (NumberFormatException e) {
            // refused below, like zero or a negative number
        }
        throw new FieldProblem("before", "before is the number of an entry, from the previous page's next link");
    }

    private static int limit(Map<String, String> query) {
        String value = blankToNull(query.get("limit"));
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below, like a number out of range
        }
        throw new FieldProblem("limit", "limit is a number of entries from 1 to " + MAX_LIMIT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

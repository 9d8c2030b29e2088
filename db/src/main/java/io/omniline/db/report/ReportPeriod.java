package io.omniline.db.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What a report covers: contacts that started in [from, to), cut into intervals of the contact
 * center's time zone and grouped by one key. {@code now} bounds the agent-state spans (an agent
 * still logged in has been so until now, not until the end of the period); it comes from the
 * caller's clock.
 *
 * @param shortAbandonSeconds abandons after less wait than this are short abandons, listed apart
 * @param serviceLevelSeconds answered within this wait counts toward the service level
 * @param fcrDays a contact is resolved first time when the customer makes no new contact within this many days
 */
public record ReportPeriod(
        Instant from,
        Instant to,
        Instant now,
        ZoneId zone,
        Interval interval,
        Grouping grouping,
        int shortAbandonSeconds,
        int serviceLevelSeconds,
        int fcrDays) {

    public ReportPeriod {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period must end after it starts");
        }
    }

    /**
     * Intervals a report is cut into, each starting on the local clock (a week starts on Monday);
     * {@code WHOLE}: the whole period in one interval, named by its local start.
     */
    public enum Interval {
        QUARTER_HOUR("15 minutes"),
        HOUR("1 hour"),
        DAY("1 day"),
        WEEK("1 week"),
        MONTH("1 month"),
        // One step longer than any period, so the agent-state intervals are one, cut at the period's end.
        WHOLE("100 years");

        final String step;

        Interval(String step) {
            this.step = step;
        }

        /** The local start of the interval after the one starting at {@code start}. */
        LocalDateTime next(LocalDateTime start) {
            return switch (this) {
                case QUARTER_HOUR -> start.plusMinutes(15);
                case HOUR -> start.plusHours(1);
                case DAY -> start.plusDays(1);
                case WEEK -> start.plusWeeks(1);
                case MONTH -> start.plusMonths(1);
                case WHOLE -> start.plusYears(100);
            };
        }

        /** Whether every interval is made of whole local days, so day roll-ups can be summed into it. */
        boolean holdsWholeDays() {
            return this != QUARTER_HOUR && this != HOUR;
        }

        /** The local start of the interval holding a local timestamp. */
        String bucketOf(String localTimestamp) {
            return switch (this) {
                case QUARTER_HOUR -> "date_bin(interval '15 minutes', " + localTimestamp + ", timestamp '2000-01-03')";
                case HOUR -> "date_trunc('hour', " + localTimestamp + ")";
                case DAY -> "date_trunc('day', " + localTimestamp + ")";
                case WEEK -> "date_trunc('week', " + localTimestamp + ")";
                case MONTH -> "date_trunc('month', " + localTimestamp + ")";
                case WHOLE -> "(p.f AT TIME ZONE p.tz)";
            };
        }
    }

    /** What the rows of a report are: one row per interval, or per interval and queue, agent, channel or disposition. */
    public enum Grouping {
        NONE("'all'"),
        QUEUE("coalesce(c.queue_name, '')"),
        AGENT("coalesce(c.agent_id::text, '')"),
        CHANNEL("c.channel::text"),
        DISPOSITION("coalesce(c.disposition, '')"),
        /** The service-channel matrix's cells: the channel, a colon, then the disposition ('' for none). */
        CHANNEL_AND_DISPOSITION("c.channel::text || ':' || coalesce(c.disposition, '')");

        final String key;

        Grouping(String key) {
            this.key = key;
        }

        /** The contact reason a row's key names, if the grouping has one and the key names one. */
        Optional<String> dispositionIn(String rowKey) {
            String disposition = switch (this) {
                case DISPOSITION -> rowKey;
                case CHANNEL_AND_DISPOSITION -> rowKey.substring(rowKey.indexOf(':') + 1);
                default -> "";
            };
            return disposition.isEmpty() ? Optional.empty() : Optional.of(disposition);
        }
    }
}

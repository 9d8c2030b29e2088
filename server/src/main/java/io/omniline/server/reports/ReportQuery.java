package io.omniline.server.reports;

import io.omniline.db.report.ReportPeriod;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a report request from a query string: {@code from}, {@code to} (a local date or date-time
 * in the contact center's zone, or an instant with its offset), {@code interval} (15min, hour,
 * day, week, month, or period: the whole period in one row), {@code group} (none, queue, agent, channel, disposition), {@code measures}
 * (keys, comma-separated; all when absent) and {@code compare} ({@code previous}: each figure
 * beside the previous period's). Every mistake is a sentence naming the parameter.
 */
public final class ReportQuery {

    /**
     * The years a report may cover. A previous period lies as far before {@code from} as the
     * period is long, and PostgreSQL's timestamps end before year 1: 0001–9999 compared failed.
     */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private ReportQuery() {}

    public static ReportRequest parse(Map<String, String> query, ZoneId zone) {
        Instant from = instant(required(query, "from"), zone, "from");
        Instant to = instant(required(query, "to"), zone, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("to must be after from");
        }
        if (from.isBefore(EARLIEST) || to.isAfter(LATEST)) {
            throw new IllegalArgumentException("a report covers dates from 1970-01-01 to 2200-01-01");
        }
        return new ReportRequest(
                from,
                to,
                interval(query.getOrDefault("interval", "day")),
                grouping(query.getOrDefault("group", "none")),
                measures(query.get("measures")),
                comparePrevious(query.getOrDefault("compare", "none")));
    }

    private static boolean comparePrevious(String text) {
        return switch (text) {
            case "previous" -> true;
            case "none", "" -> false;
            default -> throw new IllegalArgumentException("compare must be previous or none");
        };
    }

    public static ReportPeriod.Interval interval(String text) {
        return switch (text) {
            case "15min" -> ReportPeriod.Interval.QUARTER_HOUR;
            case "hour" -> ReportPeriod.Interval.HOUR;
            case "day" -> ReportPeriod.Interval.DAY;
            case "week" -> ReportPeriod.Interval.WEEK;
            case "month" -> ReportPeriod.Interval.MONTH;
            case "period" -> ReportPeriod.Interval.WHOLE;
            default -> throw new IllegalArgumentException("interval must be 15min, hour, day, week, month or period");
        };
    }

    public static ReportPeriod.Grouping grouping(String text) {
        return switch (text) {
            case "none" -> ReportPeriod.Grouping.NONE;
            case "queue" -> ReportPeriod.Grouping.QUEUE;
            case "agent" -> ReportPeriod.Grouping.AGENT;
            case "channel" -> ReportPeriod.Grouping.CHANNEL;
            case "disposition" -> ReportPeriod.Grouping.DISPOSITION;
            default -> throw new IllegalArgumentException("group must be none, queue, agent, channel or disposition");
        };
    }

    private static List<Measure> measures(String text) {
        if (text == null || text.isBlank()) {
            return List.of(Measure.values());
        }
        List<Measure> measures = new ArrayList<>();
        for (String key : text.split(",")) {
            measures.add(Measure.byKey(key.strip()));
        }
        return measures;
    }

    /** A row's interval as the report names it (its local start). */
    public static LocalDateTime intervalStart(String text) {
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("row must be the local start of an interval, like 2026-11-30T09:15");
        }
    }

    private static Instant instant(String text, ZoneId zone, String name) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(name + " must be a date (2026-11-30), a local time (2026-11-30T09:00) or"
                    + " an instant (2026-11-30T09:00:00Z)");
        }
    }

    static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.strip();
    }
}

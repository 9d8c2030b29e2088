package io.omniline.db.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;

/**
 * The figures reports are computed from, in one query per kind: contact figures over the
 * interactions that started in the period (with their surveys), and the seconds each agent spent
 * in each state, from the agent state log, cut at the interval boundaries. Intervals are local
 * to the period's time zone. The enum-made fragments are the only text joined into the SQL;
 * every value is a bind parameter.
 */
public final class ReportRepository {

    /** One row of contact figures: an interval (its local start) and a group key ('' for none). */
    public record ContactRow(LocalDateTime interval, String key, Map<ContactFigure, Double> figures) {}

    /** Seconds one agent (or all, key 'all') spent in each state within an interval. */
    public record StateRow(LocalDateTime interval, String key, Map<String, Double> secondsByState) {}

    /** A contact behind a figure; {@code csatComment}: the caller recorded a comment with the survey. */
    public record Contact(
            long id,
            String channel,
            String direction,
            String queue,
            Long agentId,
            Long customerId,
            OffsetDateTime startedAt,
            OffsetDateTime answeredAt,
            OffsetDateTime endedAt,
            String outcome,
            Integer waitSeconds,
            Integer talkSeconds,
            String disposition,
            Integer csatScore,
            boolean csatComment) {}

    private static final String PARAMS = "p AS (SELECT ?::text AS tz, ?::timestamptz AS f, ?::timestamptz AS t,"
            + " ?::timestamptz AS now, ?::int AS short, ?::int AS sl, ?::int AS fcr)";

    private final DSLContext dsl;

    public ReportRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<ContactRow> contactFigures(ReportPeriod period) {
        return contactFigures(period, EnumSet.allOf(ContactFigure.class));
    }

    /**
     * The figures asked for, per row; the others are 0. Counts and sums come from the roll-ups
     * ({@link #fromRollups}); the one figure that is neither, the 90th-percentile wait, from the
     * waits kept per day and the contacts of the rest ({@link #waitPercentile}).
     */
    public List<ContactRow> contactFigures(ReportPeriod period, Set<ContactFigure> wanted) {
        Set<ContactFigure> sums = EnumSet.noneOf(ContactFigure.class);
        wanted.stream().filter(ContactFigure::additive).forEach(sums::add);
        // A row for every interval and key with contacts, as counting them gives, whatever is asked.
        Set<ContactFigure> summed = sums.isEmpty() ? EnumSet.of(ContactFigure.CONTACTS) : sums;
        List<ContactRow> rows = rows(fromRollups(period, summed), period, sums);
        if (wanted.contains(ContactFigure.WAIT_P90_SECONDS)) {
            Map<List<Object>, Double> percentiles = waitPercentile(period);
            for (ContactRow row : rows) {
                Double p90 = percentiles.get(List.of(row.interval(), row.key()));
                row.figures().put(ContactFigure.WAIT_P90_SECONDS, p90 == null ? 0 : p90);
            }
        }
        return rows;
    }

    /** The figures asked for, counted from every contact of the period: what the roll-ups must equal. */
    List<ContactRow> fromContacts(ReportPeriod period, Set<ContactFigure> wanted) {
        return rows(
                "WITH " + PARAMS + ", " + contacts(period) + aggregated(wanted) + " ORDER BY c.bucket, c.gkey",
                period,
                wanted);
    }

    private List<ContactRow> rows(String sql, ReportPeriod period, Set<ContactFigure> wanted) {
        List<ContactRow> rows = new ArrayList<>();
        Result<Record> result = dsl.resultQuery(sql, binds(period)).fetch();
        // Each figure's column found once, not by name in every row (ten thousand rows of thirty figures).
        Map<ContactFigure, Integer> columns = new EnumMap<>(ContactFigure.class);
        wanted.forEach(figure -> columns.put(figure, result.indexOf(figure.column())));
        int bucket = result.indexOf("bucket");
        int gkey = result.indexOf("gkey");
        for (Record row : result) {
            Map<ContactFigure, Double> figures = new EnumMap<>(ContactFigure.class);
            for (ContactFigure figure : ContactFigure.values()) {
                Integer column = columns.get(figure);
                Number value = column == null ? null : row.get(column, Number.class);
                figures.put(figure, value == null ? 0 : value.doubleValue());
            }
            rows.add(new ContactRow(row.get(bucket, LocalDateTime.class), row.get(gkey, String.class), figures));
        }
        return rows;
    }

    /**
     * The contacts behind one figure of one row, oldest first, at most {@code limit}. Only the
     * row's own interval is read (an index range), not every contact of the period; the range is
     * widened by 3 hours each side because a local time repeated or skipped by a daylight-saving
     * change maps to one instant, and the row's bucket then picks its contacts exactly.
     */
    public List<Contact> contacts(
            ReportPeriod period, ContactFigure figure, LocalDateTime interval, String key, int limit) {
        // Bounds bound as values, not read from p: the planner then ranges over the index.
        Duration margin = Duration.ofHours(3);
        Instant lo =
                max(period.from(), interval.atZone(period.zone()).toInstant().minus(margin));
        Instant hi = min(
                period.to(),
                period.interval()
                        .next(interval)
                        .atZone(period.zone())
                        .toInstant()
                        .plus(margin));
        Optional<String> disposition = period.grouping().dispositionIn(key);
        // A matrix cell's contacts are read by their reason (an index), not among every contact of the period.
        String within = "i.started_at >= ?::timestamptz AND i.started_at < ?::timestamptz"
                + (disposition.isPresent() ? " AND i.disposition = ?" : "");
        String sql = "WITH " + PARAMS + ", " + contacts(period, "interaction i, p", within)
                + "SELECT c.id, c.channel::text AS channel, c.direction::text AS direction, c.queue_name, c.agent_id,"
                + " c.customer_id, c.started_at, c.answered_at, c.ended_at, c.outcome::text AS outcome, c.wait,"
                + " c.talk_seconds, c.disposition, s.score, s.comment_recording IS NOT NULL AS commented"
                + " FROM c CROSS JOIN p " + ReportRollup.SURVEY
                + " WHERE c.bucket = ? AND c.gkey = ? AND " + figure.condition
                + " ORDER BY c.started_at, c.id LIMIT ?";
        List<Object> binds = new ArrayList<>(List.of(binds(period)));
        binds.add(lo.atOffset(ZoneOffset.UTC));
        binds.add(hi.atOffset(ZoneOffset.UTC));
        disposition.ifPresent(binds::add);
        binds.add(interval);
        binds.add(key);
        binds.add(limit);
        return dsl.resultQuery(sql, binds.toArray())
                .fetch(row -> new Contact(
                        row.get("id", Long.class),
                        row.get("channel", String.class),
                        row.get("direction", String.class),
                        row.get("queue_name", String.class),
                        row.get("agent_id", Long.class),
                        row.get("customer_id", Long.class),
                        row.get("started_at", OffsetDateTime.class),
                        row.get("answered_at", OffsetDateTime.class),
                        row.get("ended_at", OffsetDateTime.class),
                        row.get("outcome", String.class),
                        row.get("wait", Integer.class),
                        row.get("talk_seconds", Integer.class),
                        row.get("disposition", String.class),
                        row.get("score", Integer.class),
                        Boolean.TRUE.equals(row.get("commented", Boolean.class))));
    }

    /**
     * Seconds in each state per interval, per agent (grouping AGENT) or for all agents together
     * (any other grouping: the row key is 'all'). A state lasts from its row to the agent's next
     * row, or to the end of the period or now, whichever is first; the state an agent was in when
     * the period began counts from the period's start. Quarter-hours wholly inside the period,
     * over and rolled up ({@link StateRollup}) are read from the roll-ups; the log is cut for the
     * rest, one run of consecutive quarter-hours at a time. The same seconds either way.
     */
    public List<StateRow> stateSeconds(ReportPeriod period) {
        return stateRows(period, true);
    }

    /** The seconds in each state, every one cut from the log: what the roll-ups must equal. */
    List<StateRow> fromLog(ReportPeriod period) {
        return stateRows(period, false);
    }

    private List<StateRow> stateRows(ReportPeriod period, boolean rollups) {
        boolean byAgent = period.grouping() == ReportPeriod.Grouping.AGENT;
        String start = period.interval().bucketOf("(p.f AT TIME ZONE p.tz)");
        String step = period.interval().step;
        StringBuilder sums = new StringBuilder();
        StringBuilder unpivot = new StringBuilder();
        for (String state : StateRollup.STATES) {
            sums.append(", sum(u.").append(state).append(") AS ").append(state);
            unpivot.append(unpivot.isEmpty() ? "" : ", ")
                    .append("('")
                    .append(state)
                    .append("', u.")
                    .append(state)
                    .append(")");
        }
        String clean = rollups
                ? "g.slot >= p.f AND g.slot + interval '15 minutes' <= e.t AND g.slot < coalesce(w.until, '-infinity')"
                        + " AND NOT EXISTS (SELECT 1 FROM report_state_dirty d WHERE d.slot = g.slot)"
                : "false";
        String sql = "WITH " + PARAMS + ","
                + " e AS (SELECT least(p.t, p.now) AS t FROM p),"
                + " g AS (SELECT g.slot, " + clean + " AS clean"
                + "   FROM p, e, report_state_rolled w,"
                + "   generate_series(" + ReportRollup.slotOf("p.f") + ", e.t, interval '15 minutes') g(slot)"
                + "   WHERE g.slot < e.t),"
                + " x AS (SELECT greatest(y.lo, p.f) AS lo, least(y.hi, e.t) AS hi FROM p, e,"
                + "   (" + ReportRollup.runs("SELECT g.slot FROM g WHERE NOT g.clean") + ") y),"
                + StateSpans.within("x") + ","
                // Each span meets only the intervals around it (2 h each side covers any daylight-saving
                // shift), not every interval of the period: a week by hour was 11 million span-interval pairs.
                + " b AS (SELECT sp.*, g AS bucket, g AT TIME ZONE p.tz AS bs, (g + interval '" + step
                + "') AT TIME ZONE p.tz AS be FROM sp CROSS JOIN p CROSS JOIN LATERAL generate_series("
                + period.interval().bucketOf("(sp.s AT TIME ZONE p.tz - interval '2 hours')")
                + ", sp.e AT TIME ZONE p.tz + interval '2 hours', interval '" + step + "') g"
                + "   WHERE g >= " + start + "),"
                + " d AS (SELECT b.bucket, " + (byAgent ? "b.agent_id::text" : "'all'") + " AS gkey, b.state,"
                + "   sum(extract(epoch FROM least(b.e, b.be) - greatest(b.s, b.bs))) AS seconds"
                + "   FROM b WHERE b.s < b.be AND b.e > b.bs GROUP BY 1, 2, 3),"
                + " u AS (SELECT " + period.interval().bucketOf("(u.slot AT TIME ZONE p.tz)") + " AS bucket, "
                + (byAgent ? "u.agent_id::text" : "'all'") + " AS gkey" + sums
                + "   FROM report_state_rollup u JOIN g ON g.slot = u.slot AND g.clean CROSS JOIN p CROSS JOIN e"
                + "   WHERE u.slot >= " + ReportRollup.slotOf("p.f") + " AND u.slot < e.t GROUP BY 1, 2)"
                + " SELECT a.bucket, a.gkey, a.state, sum(a.seconds) AS seconds FROM (SELECT * FROM d UNION ALL"
                + "   SELECT u.bucket, u.gkey, v.state, v.seconds FROM u CROSS JOIN LATERAL (VALUES " + unpivot
                + ") v(state, seconds)) a GROUP BY a.bucket, a.gkey, a.state ORDER BY a.bucket, a.gkey";
        Map<List<Object>, StateRow> rows = new LinkedHashMap<>();
        for (Record row : dsl.resultQuery(sql, binds(period)).fetch()) {
            LocalDateTime bucket = row.get("bucket", LocalDateTime.class);
            String gkey = row.get("gkey", String.class);
            double seconds = row.get("seconds", Number.class).doubleValue();
            if (seconds <= 0) {
                continue;
            }
            rows.computeIfAbsent(List.of(bucket, gkey), k -> new StateRow(bucket, gkey, new java.util.HashMap<>()))
                    .secondsByState()
                    .merge(row.get("state", String.class), seconds, Double::sum);
        }
        return List.copyOf(rows.values());
    }

    /** Each wanted figure per (bucket, gkey) over the contacts of {@code c}. */
    private static String aggregated(Set<ContactFigure> wanted) {
        return aggregated(wanted, "LEFT JOIN csat_survey s ON s.interaction_id = c.id");
    }

    /** The same with the survey joined by {@code surveys}. */
    private static String aggregated(Set<ContactFigure> wanted, String surveys) {
        StringBuilder select = new StringBuilder("SELECT c.bucket, c.gkey");
        for (ContactFigure figure : wanted) {
            select.append(", ").append(figure.aggregate()).append(" AS ").append(figure.column());
        }
        boolean readsSurveys = wanted.stream().anyMatch(ContactFigure::readsSurveys);
        return select + " FROM c CROSS JOIN p" + (readsSurveys ? " " + surveys : "") + " GROUP BY c.bucket, c.gkey";
    }

    /**
     * Additive figures from three sources, summed per interval and key: the day roll-ups of the
     * period's whole local days that are clean ({@link ReportRollup}: made in the report's zone
     * with its rules, no slot of theirs changed since), when the intervals are days or longer;
     * the quarter-hour roll-ups of the other clean quarter-hours (rolled with the report's
     * rules, no change since, wholly inside the period); and the contacts of the rest (recent,
     * changed, never rolled) as {@link #contacts} would count them, one run of consecutive
     * unclean quarter-hours at a time. The same rows and figures as counting every contact.
     */
    private static String fromRollups(ReportPeriod period, Set<ContactFigure> wanted) {
        StringBuilder sums = new StringBuilder();
        StringBuilder total = new StringBuilder("SELECT a.bucket, a.gkey");
        for (ContactFigure figure : wanted) {
            sums.append(", sum(u.").append(figure.column()).append(") AS ").append(figure.column());
            total.append(", sum(a.").append(figure.column()).append(") AS ").append(figure.column());
        }
        String grouping = "'" + ReportRollup.grouping(period.grouping()) + "'";
        return sources(period, true)
                + ", d AS (" + aggregated(wanted, ReportRollup.SURVEY) + "),"
                + " r AS (SELECT " + period.interval().bucketOf("(u.slot AT TIME ZONE p.tz)") + " AS bucket, u.gkey"
                + sums
                + "   FROM report_rollup u JOIN g ON g.slot = u.slot AND g.clean CROSS JOIN p"
                + "   WHERE u.grouped_by = " + grouping + " AND u.slot >= p.f AND u.slot < p.t GROUP BY 1, 2),"
                + " w AS (SELECT " + period.interval().bucketOf("u.day::timestamp") + " AS bucket, u.gkey" + sums
                + "   FROM report_rollup_day u JOIN dd ON dd.day = u.day CROSS JOIN p"
                + "   WHERE u.grouped_by = " + grouping + " GROUP BY 1, 2) "
                + total + " FROM (SELECT * FROM d UNION ALL SELECT * FROM r UNION ALL SELECT * FROM w) a"
                + " GROUP BY a.bucket, a.gkey ORDER BY a.bucket, a.gkey";
    }

    /**
     * The parameters {@code p}, the period's clean whole local days {@code dd} (when the
     * intervals are days or longer), its quarter-hours {@code g} outside them ({@code clean}:
     * rolled with the report's rules, unchanged since, wholly inside the period; never when
     * {@code quarterHours} is false), and the contacts {@code c} of the quarter-hours that are not
     * clean, one run of consecutive ones at a time.
     */
    private static String sources(ReportPeriod period, boolean quarterHours) {
        return "WITH " + PARAMS + ","
                + " s AS (SELECT g.slot, (g.slot AT TIME ZONE p.tz)::date AS day,"
                + "   g.slot >= p.f AND g.slot + interval '15 minutes' <= p.t AS inside,"
                + "   EXISTS (SELECT 1 FROM report_rollup_slot r WHERE r.slot = g.slot AND r.settled"
                + "     AND r.short_abandon_seconds = p.short AND r.service_level_seconds = p.sl AND r.fcr_days = p.fcr"
                + "     AND r.rolled_at <= p.now) AS rolled,"
                + "   EXISTS (SELECT 1 FROM report_rollup_dirty d WHERE d.slot = g.slot) AS dirty"
                + "   FROM p, generate_series(" + ReportRollup.slotOf("p.f") + ", p.t, interval '15 minutes') g(slot)"
                + "   WHERE g.slot < p.t),"
                + " dd AS (SELECT s.day FROM s CROSS JOIN p JOIN report_rollup_day_made m ON m.day = s.day"
                + "   WHERE " + period.interval().holdsWholeDays()
                + " AND m.zone = p.tz AND m.short_abandon_seconds = p.short"
                + "   AND m.service_level_seconds = p.sl AND m.fcr_days = p.fcr AND m.made_at <= p.now"
                + "   AND s.day::timestamp AT TIME ZONE p.tz >= p.f AND (s.day + 1)::timestamp AT TIME ZONE p.tz <= p.t"
                + "   GROUP BY s.day HAVING NOT bool_or(s.dirty)),"
                + " g AS (SELECT s.slot, " + (quarterHours ? "s.inside AND s.rolled AND NOT s.dirty" : "false")
                + " AS clean FROM s WHERE NOT EXISTS (SELECT 1 FROM dd WHERE dd.day = s.day)),"
                + " x AS (" + ReportRollup.runs("SELECT g.slot FROM g WHERE NOT g.clean") + "), "
                // OFFSET 0 keeps the lookup per run: an index range scan each, never a scan of all contacts.
                + contacts(
                        period,
                        "x CROSS JOIN p CROSS JOIN LATERAL (SELECT * FROM interaction i"
                                + " WHERE i.started_at >= greatest(x.lo, p.f) AND i.started_at < least(x.hi, p.t) OFFSET 0) i",
                        "true");
    }

    /**
     * The 90th-percentile wait per interval and key, as PostgreSQL's percentile_cont(0.9) over
     * the waits of the row's contacts gives it, from each wait and how many waited it: the waits
     * kept in the day roll-ups of the period's clean whole days, and the contacts of the rest.
     * Waits are whole seconds, so the counts hold every wait; the position 0.9 × (n − 1) and the
     * interpolation between the waits either side of it are worked out in double precision, as
     * percentile_cont does, so the result is the same to the last bit. Rows without waits are absent.
     */
    private Map<List<Object>, Double> waitPercentile(ReportPeriod period) {
        String grouping = "'" + ReportRollup.grouping(period.grouping()) + "'";
        String sql = sources(period, false)
                + ", h AS (SELECT c.bucket, c.gkey, c.wait, 1 AS n FROM c CROSS JOIN p WHERE "
                + ContactFigure.WAITED.condition
                + "   UNION ALL SELECT " + period.interval().bucketOf("u.day::timestamp") + ", u.gkey, v.wait, v.n"
                + "   FROM report_rollup_day u JOIN dd ON dd.day = u.day CROSS JOIN p"
                + "   CROSS JOIN LATERAL unnest(u.wait_values, u.wait_counts) v(wait, n) WHERE u.grouped_by = "
                + grouping
                + "),"
                + " t AS (SELECT h.bucket, h.gkey, h.wait, sum(h.n) AS n FROM h GROUP BY 1, 2, 3),"
                + " r AS (SELECT t.bucket, t.gkey, t.wait,"
                + "   sum(t.n) OVER (PARTITION BY t.bucket, t.gkey ORDER BY t.wait) AS upto,"
                + "   0.9::float8 * (sum(t.n) OVER (PARTITION BY t.bucket, t.gkey)::float8 - 1) AS pos FROM t),"
                + " q AS (SELECT r.bucket, r.gkey, min(r.pos) AS pos,"
                + "   min(r.wait) FILTER (WHERE r.upto > floor(r.pos)) AS lo,"
                + "   min(r.wait) FILTER (WHERE r.upto > ceil(r.pos)) AS hi FROM r GROUP BY r.bucket, r.gkey)"
                + " SELECT q.bucket, q.gkey, q.lo::float8 + ((q.pos - floor(q.pos)) * (q.hi::float8 - q.lo::float8)) AS p90"
                + " FROM q";
        Map<List<Object>, Double> percentiles = new HashMap<>();
        for (Record row : dsl.resultQuery(sql, binds(period)).fetch()) {
            percentiles.put(
                    List.of(row.get("bucket", LocalDateTime.class), row.get("gkey", String.class)),
                    row.get("p90", Double.class));
        }
        return percentiles;
    }

    private static String contacts(ReportPeriod period) {
        return contacts(period, "interaction i, p", "i.started_at >= p.f AND i.started_at < p.t");
    }

    /** {@code c}: the contacts of {@code from} (an interaction {@code i} and the parameters {@code p}) meeting {@code where}. */
    private static String contacts(ReportPeriod period, String from, String where) {
        return "c AS (SELECT i.*, "
                + period.interval().bucketOf("(i.started_at AT TIME ZONE p.tz)") + " AS bucket, "
                + period.grouping().key.replace("c.", "i.") + " AS gkey, " + ReportRollup.WAIT + " AS wait"
                + " FROM " + from + " WHERE " + where + ") ";
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Object[] binds(ReportPeriod period) {
        return new Object[] {
            period.zone().getId(),
            period.from().atOffset(ZoneOffset.UTC),
            period.to().atOffset(ZoneOffset.UTC),
            period.now().atOffset(ZoneOffset.UTC),
            period.shortAbandonSeconds(),
            period.serviceLevelSeconds(),
            period.fcrDays()
        };
    }
}

package io.omniline.db.report;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;

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
     * The figures asked for, per row; the others are 0. Leaving out the figures no measure of a
     * report reads spares their cost (the next-contact lookups of first-contact resolution and
     * switched channel above all).
     */
    public List<ContactRow> contactFigures(ReportPeriod period, Set<ContactFigure> wanted) {
        StringBuilder select = new StringBuilder("SELECT c.bucket, c.gkey");
        for (ContactFigure figure : wanted) {
            select.append(", ")
                    .append(figure.aggregate())
                    .append(" AS ")
                    .append(figure.name().toLowerCase());
        }
        boolean surveys = wanted.stream().anyMatch(ContactFigure::readsSurveys);
        String sql = "WITH " + PARAMS + ", " + contacts(period) + select
                + " FROM c CROSS JOIN p"
                + (surveys ? " LEFT JOIN csat_survey s ON s.interaction_id = c.id" : "")
                + " GROUP BY c.bucket, c.gkey ORDER BY c.bucket, c.gkey";
        List<ContactRow> rows = new ArrayList<>();
        for (Record row : dsl.resultQuery(sql, binds(period)).fetch()) {
            Map<ContactFigure, Double> figures = new EnumMap<>(ContactFigure.class);
            for (ContactFigure figure : ContactFigure.values()) {
                Number value = wanted.contains(figure) ? row.get(figure.name().toLowerCase(), Number.class) : null;
                figures.put(figure, value == null ? 0 : value.doubleValue());
            }
            rows.add(new ContactRow(row.get("bucket", LocalDateTime.class), row.get("gkey", String.class), figures));
        }
        return rows;
    }

    /** The contacts behind one figure of one row, oldest first, at most {@code limit}. */
    public List<Contact> contacts(
            ReportPeriod period, ContactFigure figure, LocalDateTime interval, String key, int limit) {
        String sql = "WITH " + PARAMS + ", " + contacts(period)
                + "SELECT c.id, c.channel::text AS channel, c.direction::text AS direction, c.queue_name, c.agent_id,"
                + " c.customer_id, c.started_at, c.answered_at, c.ended_at, c.outcome::text AS outcome, c.wait,"
                + " c.talk_seconds, c.disposition, s.score, s.comment_recording IS NOT NULL AS commented"
                + " FROM c CROSS JOIN p LEFT JOIN csat_survey s ON s.interaction_id = c.id"
                + " WHERE c.bucket = ? AND c.gkey = ? AND " + figure.condition
                + " ORDER BY c.started_at, c.id LIMIT ?";
        List<Object> binds = new ArrayList<>(List.of(binds(period)));
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
     * the period began counts from the period's start.
     */
    public List<StateRow> stateSeconds(ReportPeriod period) {
        String key = period.grouping() == ReportPeriod.Grouping.AGENT ? "sp.agent_id::text" : "'all'";
        String start = period.interval().bucketOf("(p.f AT TIME ZONE p.tz)");
        String sql = "WITH " + PARAMS + ","
                + " r AS (SELECT l.agent_id, l.state, l.at, l.id FROM agent_state_log l, p WHERE l.at >= p.f AND l.at < least(p.t, p.now)"
                + "   UNION ALL SELECT x.agent_id, x.state, x.at, x.id FROM agent a CROSS JOIN p CROSS JOIN LATERAL"
                + "   (SELECT * FROM agent_state_log l WHERE l.agent_id = a.id AND l.at < p.f ORDER BY l.at DESC, l.id DESC LIMIT 1) x),"
                + " sp AS (SELECT r.agent_id, r.state, greatest(r.at, p.f) AS s,"
                + "   lead(r.at, 1, least(p.t, p.now)) OVER (PARTITION BY r.agent_id ORDER BY r.at, r.id) AS e FROM r, p),"
                + " b AS (SELECT g AS bucket, g AT TIME ZONE p.tz AS bs, (g + interval '" + period.interval().step
                + "') AT TIME ZONE p.tz AS be"
                + "   FROM p, generate_series(" + start + ", p.t AT TIME ZONE p.tz, interval '" + period.interval().step
                + "') g)"
                + " SELECT b.bucket, " + key + " AS gkey, sp.state,"
                + " sum(extract(epoch FROM least(sp.e, b.be, p.t) - greatest(sp.s, b.bs, p.f))) AS seconds"
                + " FROM sp CROSS JOIN p JOIN b ON sp.s < b.be AND sp.e > b.bs"
                + " WHERE sp.state <> 'logged_out' AND sp.e > sp.s AND b.bs < p.t AND b.be > p.f"
                + " GROUP BY b.bucket, gkey, sp.state ORDER BY b.bucket, gkey";
        Map<List<Object>, StateRow> rows = new java.util.LinkedHashMap<>();
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

    private static String contacts(ReportPeriod period) {
        return "c AS (SELECT i.*, " + period.interval().bucketOf("(i.started_at AT TIME ZONE p.tz)") + " AS bucket, "
                + period.grouping().key.replace("c.", "i.") + " AS gkey,"
                + " CASE WHEN i.queued_at IS NULL THEN NULL"
                + "   WHEN i.channel = 'voice' AND i.hold_seconds IS NOT NULL THEN i.hold_seconds"
                + "   ELSE greatest(0, floor(extract(epoch FROM coalesce(i.answered_at, i.ended_at, p.now) - i.queued_at)))::int END AS wait"
                + " FROM interaction i, p WHERE i.started_at >= p.f AND i.started_at < p.t) ";
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

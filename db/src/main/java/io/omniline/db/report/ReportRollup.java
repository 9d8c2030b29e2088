package io.omniline.db.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Keeps the quarter-hour roll-ups of the additive contact figures that long reports read
 * ({@link ReportRepository#contactFigures}): one row per UTC quarter-hour ("slot"), grouping and
 * group key. Triggers mark a slot dirty when a contact of it (or its survey) changes; a roll
 * recomputes dirty slots once they are over, in one transaction per batch, so a report sees a
 * slot either rolled as it is or read from its contacts. One node rolls at a time.
 */
public final class ReportRollup {

    /** Slots are UTC quarter-hours: every time zone offset in use is a multiple of 15 minutes. */
    static final String ORIGIN = "timestamptz '2000-01-01 00:00:00+00'";

    /**
     * The seconds a contact waited ({@code c.wait} of the figures): Asterisk's HoldTime for calls,
     * otherwise from joining the queue to the answer, the end or now. Reads {@code i} and {@code p}.
     */
    static final String WAIT = "CASE WHEN i.queued_at IS NULL THEN NULL"
            + " WHEN i.channel = 'voice' AND i.hold_seconds IS NOT NULL THEN i.hold_seconds"
            + " ELSE greatest(0, floor(extract(epoch FROM coalesce(i.answered_at, i.ended_at, p.now) - i.queued_at)))::int END";

    /**
     * A contact whose figures still depend on the time: waiting unanswered (its wait grows), or a
     * conversation answered and not yet wrapped up or ended (its handling time grows). A slot
     * holding one is not rolled until a change to the contact marks it dirty again.
     */
    private static final String UNSETTLED = "(i.queued_at IS NOT NULL AND i.answered_at IS NULL AND i.ended_at IS NULL"
            + " AND NOT (i.channel = 'voice' AND i.hold_seconds IS NOT NULL))"
            + " OR (i.channel <> 'voice' AND i.answered_at IS NOT NULL"
            + " AND coalesce(i.wrap_up_at, i.ended_at, 'infinity') > p.now)";

    /**
     * The contact's survey ({@code s}), looked up contact by contact: with the contacts read a
     * quarter-hour (or a run of them) at a time, the planner otherwise hashed all the surveys,
     * once per quarter-hour or once for a report of a handful of contacts.
     */
    static final String SURVEY =
            "LEFT JOIN LATERAL (SELECT * FROM csat_survey s WHERE s.interaction_id = c.id OFFSET 0) s ON true";

    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtextextended('report_rollup', 0))";

    /** Every grouping's name, as the roll-up tables key their rows. */
    private static final String[] GROUPINGS = Arrays.stream(ReportPeriod.Grouping.values())
            .map(ReportRollup::grouping)
            .toArray(String[]::new);

    /** A batch of the size rollAll uses: a few seconds of work. */
    public static final int BATCH = 2_000;

    /** The most days made in one roll: each sums about 96 quarter-hours of every grouping. */
    static final int DAY_BATCH = 60;

    private final DSLContext dsl;

    public ReportRollup(DSLContext dsl) {
        this.dsl = dsl;
    }

    static String slotOf(String timestamptz) {
        return "date_bin(interval '15 minutes', " + timestamptz + ", " + ORIGIN + ")";
    }

    /**
     * The runs of consecutive quarter-hours among the slots {@code slots} selects (a column
     * {@code slot}), each as a stretch [lo, hi): read an index range at a time.
     */
    static String runs(String slots) {
        return "SELECT min(u.slot) AS lo, max(u.slot) + interval '15 minutes' AS hi FROM"
                + " (SELECT q.slot, q.slot - row_number() OVER (ORDER BY q.slot) * interval '15 minutes' AS run"
                + " FROM (" + slots + ") q) u GROUP BY u.run";
    }

    static String grouping(ReportPeriod.Grouping grouping) {
        return grouping.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * What roll-ups are made with, as reports read them: the contact center's time zone (whose
     * local days are rolled up too) and the thresholds.
     *
     * @param fcrDays the window of first-contact resolution and switched channel, in days
     */
    public record Rules(ZoneId zone, int shortAbandonSeconds, int serviceLevelSeconds, int fcrDays) {}

    /**
     * What one call rolled: quarter-hours of contact figures, local days made from them, and
     * quarter-hours of agent-state seconds.
     */
    public record Rolled(int slots, int days, int stateSlots) {

        /** Whether a batch was full, so more may be due. */
        public boolean full() {
            return slots == BATCH || days == DAY_BATCH || stateSlots >= BATCH;
        }
    }

    /**
     * Rolls up to {@code limit} slots that are due (over before {@code now} and dirty, or rolled
     * with other rules than these; newest first, so recent reports speed up first), then makes
     * up to {@link #DAY_BATCH} local days whose every slot is rolled and clean, then rolls the
     * agent-state seconds of up to {@code limit} quarter-hours ({@link StateRollup}).
     *
     * @return what was rolled; nothing when nothing is due or another node is rolling
     */
    public Rolled rollDue(Instant now, Rules rules, int limit) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            if (!Boolean.TRUE.equals(tx.fetchValue(LOCK))) {
                return new Rolled(0, 0, 0);
            }
            // The triggers mark earlier contacts within the window the roll-ups are made with.
            tx.execute(
                    "UPDATE report_rollup_window SET fcr_days = ? WHERE fcr_days <> ?",
                    rules.fcrDays(),
                    rules.fcrDays());
            List<OffsetDateTime> due = tx.resultQuery(
                            "SELECT slot FROM (SELECT DISTINCT slot FROM report_rollup_dirty"
                                    + " WHERE slot + interval '15 minutes' <= ?::timestamptz) d"
                                    + " UNION SELECT slot FROM report_rollup_slot"
                                    + " WHERE short_abandon_seconds <> ? OR service_level_seconds <> ?"
                                    + " OR fcr_days IS DISTINCT FROM ?"
                                    + " ORDER BY slot DESC LIMIT ?",
                            at,
                            rules.shortAbandonSeconds(),
                            rules.serviceLevelSeconds(),
                            rules.fcrDays(),
                            limit)
                    .fetch(0, OffsetDateTime.class);
            if (!due.isEmpty()) {
                rollSlots(tx, at, rules, texts(due));
            }
            int days = makeDays(tx, at, rules);
            return new Rolled(due.size(), days, StateRollup.roll(tx, at, limit));
        });
    }

    private static void rollSlots(DSLContext tx, OffsetDateTime at, Rules rules, String[] slots) {
        // First: a writer holding a mark of these slots is waited for here, so the roll sees its change.
        tx.execute("DELETE FROM report_rollup_dirty WHERE slot = ANY(?::text[]::timestamptz[])", (Object) slots);
        tx.execute(
                "DELETE FROM report_rollup WHERE grouped_by = ANY(?::text[]) AND slot = ANY(?::text[]::timestamptz[])",
                GROUPINGS,
                slots);
        // A day made from a slot rolled again is made again, so a day present is its slots' sum.
        String days = "SELECT DISTINCT (x.slot AT TIME ZONE ?)::date FROM unnest(?::text[]::timestamptz[]) x(slot)";
        tx.execute(
                "DELETE FROM report_rollup_day_made WHERE day IN (" + days + ")",
                rules.zone().getId(),
                slots);
        tx.execute(
                "DELETE FROM report_rollup_day WHERE grouped_by = ANY(?::text[]) AND day IN (" + days + ")",
                GROUPINGS,
                rules.zone().getId(),
                slots);
        // The grouping sets sort or hash every contact of the batch: in memory, not on disk.
        tx.execute("SET LOCAL work_mem = '64MB'");
        List<OffsetDateTime> settled = tx.resultQuery(
                        "WITH p AS (SELECT ?::timestamptz AS now) SELECT x.slot FROM p, unnest(?::text[]::timestamptz[]) x(slot)"
                                + " WHERE NOT EXISTS (SELECT 1 FROM interaction i WHERE i.started_at >= x.slot"
                                + " AND i.started_at < x.slot + interval '15 minutes' AND (" + UNSETTLED + "))",
                        at,
                        slots)
                .fetch(0, OffsetDateTime.class);
        if (!settled.isEmpty()) {
            tx.execute(
                    insert(),
                    at,
                    rules.shortAbandonSeconds(),
                    rules.serviceLevelSeconds(),
                    rules.fcrDays(),
                    texts(settled));
        }
        tx.execute(
                // The settled slots are unnested once and joined: an array compared row by row cost seconds.
                "INSERT INTO report_rollup_slot (slot, rolled_at, settled, short_abandon_seconds, service_level_seconds,"
                        + " fcr_days) SELECT x.slot, ?::timestamptz, y.slot IS NOT NULL, ?, ?, ?"
                        + " FROM unnest(?::text[]::timestamptz[]) x(slot)"
                        + " LEFT JOIN unnest(?::text[]::timestamptz[]) y(slot) ON y.slot = x.slot"
                        + " ON CONFLICT (slot) DO UPDATE SET rolled_at = EXCLUDED.rolled_at, settled = EXCLUDED.settled,"
                        + " short_abandon_seconds = EXCLUDED.short_abandon_seconds,"
                        + " service_level_seconds = EXCLUDED.service_level_seconds, fcr_days = EXCLUDED.fcr_days",
                at,
                rules.shortAbandonSeconds(),
                rules.serviceLevelSeconds(),
                rules.fcrDays(),
                slots,
                texts(settled));
    }

    /**
     * Makes the local days that have rolled slots but no day made with these rules, once they
     * are over and every slot of theirs is clean (rolled with these rules, settled, not dirty).
     * A day without a rolled slot had no contact and is never made: reports read its slots.
     */
    private static int makeDays(DSLContext tx, OffsetDateTime at, Rules rules) {
        String params = "WITH p AS (SELECT ?::text AS tz, ?::timestamptz AS now, ?::int AS short, ?::int AS sl,"
                + " ?::int AS fcr) ";
        List<LocalDate> ready = tx.resultQuery(
                        params
                                + "SELECT d.day FROM p CROSS JOIN (SELECT DISTINCT (r.slot AT TIME ZONE p.tz)::date AS day"
                                + "   FROM report_rollup_slot r CROSS JOIN p LEFT JOIN report_rollup_day_made m"
                                + "   ON m.day = (r.slot AT TIME ZONE p.tz)::date AND m.zone = p.tz AND m.short_abandon_seconds = p.short"
                                + "   AND m.service_level_seconds = p.sl AND m.fcr_days = p.fcr WHERE m.day IS NULL) d"
                                + " CROSS JOIN LATERAL (SELECT d.day::timestamp AT TIME ZONE p.tz AS lo,"
                                + "   (d.day + 1)::timestamp AT TIME ZONE p.tz AS hi) b"
                                + " WHERE b.hi <= p.now"
                                + " AND NOT EXISTS (SELECT 1 FROM report_rollup_dirty x WHERE x.slot >= b.lo AND x.slot < b.hi)"
                                + " AND NOT EXISTS (SELECT 1 FROM report_rollup_slot r WHERE r.slot >= b.lo AND r.slot < b.hi"
                                + "   AND NOT (r.settled AND r.short_abandon_seconds = p.short AND r.service_level_seconds = p.sl"
                                + "   AND r.fcr_days = p.fcr))"
                                + " ORDER BY d.day DESC LIMIT ?",
                        rules.zone().getId(),
                        at,
                        rules.shortAbandonSeconds(),
                        rules.serviceLevelSeconds(),
                        rules.fcrDays(),
                        DAY_BATCH)
                .fetch(0, LocalDate.class);
        if (ready.isEmpty()) {
            return 0;
        }
        String[] days = ready.stream().map(Object::toString).toArray(String[]::new);
        tx.execute(
                "DELETE FROM report_rollup_day WHERE grouped_by = ANY(?::text[]) AND day = ANY(?::text[]::date[])",
                GROUPINGS,
                days);
        StringBuilder columns = new StringBuilder();
        StringBuilder sums = new StringBuilder();
        for (ContactFigure figure : ContactFigure.values()) {
            if (figure.additive()) {
                columns.append(", ").append(figure.column());
                sums.append(", sum(u.").append(figure.column()).append(")");
            }
        }
        tx.execute(
                "INSERT INTO report_rollup_day (grouped_by, day, gkey" + columns + ")"
                        + " SELECT u.grouped_by, x.day, u.gkey" + sums
                        + " FROM (SELECT x.day, x.day::timestamp AT TIME ZONE ? AS lo, (x.day + 1)::timestamp AT TIME ZONE ? AS hi"
                        + "   FROM unnest(?::text[]::date[]) x(day)) x CROSS JOIN unnest(?::text[]) gb(grouped_by)"
                        // OFFSET 0: an index range per day and grouping, not every row tested against every day.
                        + " CROSS JOIN LATERAL (SELECT * FROM report_rollup u WHERE u.grouped_by = gb.grouped_by"
                        + "   AND u.slot >= x.lo AND u.slot < x.hi OFFSET 0) u"
                        + " GROUP BY u.grouped_by, x.day, u.gkey",
                rules.zone().getId(),
                rules.zone().getId(),
                days,
                GROUPINGS);
        // The day's contacts are settled (every slot of it is), so their waits are as the slots' sums.
        tx.execute(
                dayWaits(),
                at,
                rules.shortAbandonSeconds(),
                rules.serviceLevelSeconds(),
                rules.fcrDays(),
                rules.zone().getId(),
                rules.zone().getId(),
                days);
        tx.execute(
                "INSERT INTO report_rollup_day_made (day, zone, made_at, short_abandon_seconds, service_level_seconds,"
                        + " fcr_days) SELECT x.day, ?, ?::timestamptz, ?, ?, ? FROM unnest(?::text[]::date[]) x(day)"
                        + " ON CONFLICT (day) DO UPDATE SET zone = EXCLUDED.zone, made_at = EXCLUDED.made_at,"
                        + " short_abandon_seconds = EXCLUDED.short_abandon_seconds,"
                        + " service_level_seconds = EXCLUDED.service_level_seconds, fcr_days = EXCLUDED.fcr_days",
                rules.zone().getId(),
                at,
                rules.shortAbandonSeconds(),
                rules.serviceLevelSeconds(),
                rules.fcrDays(),
                days);
        return ready.size();
    }

    /**
     * Rolls every slot with contacts and every agent state again, a batch per transaction, and
     * makes every day: the seed command's last step, as the seed writes without triggers
     * (session_replication_role = replica), so marks nothing.
     *
     * @return the slots rolled
     */
    public int rollAll(Instant now, Rules rules) {
        dsl.transaction(config -> {
            config.dsl()
                    .execute("INSERT INTO report_rollup_dirty (slot) SELECT DISTINCT " + slotOf("started_at")
                            + " FROM interaction");
            StateRollup.forget(config.dsl());
        });
        int total = 0;
        Rolled rolled;
        do {
            rolled = rollDue(now, rules, BATCH);
            total += rolled.slots();
        } while (rolled.full());
        return total;
    }

    private static String[] texts(List<OffsetDateTime> slots) {
        return slots.stream().map(OffsetDateTime::toString).toArray(String[]::new);
    }

    /** The groupings other than NONE, whose keys are columns {@code k_<grouping>} of the rows summed. */
    private static List<ReportPeriod.Grouping> keyed() {
        return Arrays.stream(ReportPeriod.Grouping.values())
                .filter(grouping -> grouping != ReportPeriod.Grouping.NONE)
                .toList();
    }

    /** Each keyed grouping's key of contact {@code c}, as the columns {@code , <key> AS k_<grouping>}. */
    private static String groupingKeys() {
        return keyed().stream()
                .map(grouping -> ", " + grouping.key + " AS k_" + grouping(grouping))
                .collect(Collectors.joining());
    }

    /** The grouping sets summing rows {@code f} by {@code common} alone (NONE) and with each grouping's key. */
    private static String groupingSets(String common) {
        return "(" + common + ")"
                + keyed().stream()
                        .map(grouping -> ", (" + common + ", f.k_" + grouping(grouping) + ")")
                        .collect(Collectors.joining());
    }

    /** The grouping a summed row is of ({@code grouped_by}) and its key ({@code gkey}). */
    private static String groupedByAndKey() {
        StringBuilder which = new StringBuilder("CASE");
        StringBuilder gkey = new StringBuilder("CASE");
        for (ReportPeriod.Grouping grouping : keyed()) {
            String column = "f.k_" + grouping(grouping);
            which.append(" WHEN grouping(")
                    .append(column)
                    .append(") = 0 THEN '")
                    .append(grouping(grouping))
                    .append("'");
            gkey.append(" WHEN grouping(").append(column).append(") = 0 THEN ").append(column);
        }
        return which + " ELSE '" + grouping(ReportPeriod.Grouping.NONE) + "' END AS grouped_by, " + gkey + " ELSE "
                + ReportPeriod.Grouping.NONE.key + " END AS gkey";
    }

    /**
     * The roll-up rows of the slots bound last, every grouping in one pass over their contacts:
     * each contact's figures are worked out once, narrow rows, then summed per grouping set.
     */
    private static String insert() {
        StringBuilder columns = new StringBuilder("grouped_by, gkey, slot");
        StringBuilder perContact = new StringBuilder();
        StringBuilder sums = new StringBuilder();
        for (ContactFigure figure : ContactFigure.values()) {
            if (figure.additive()) {
                columns.append(", ").append(figure.column());
                perContact
                        .append(", ")
                        .append(figure.perContact())
                        .append(" AS ")
                        .append(figure.column());
                sums.append(", sum(f.").append(figure.column()).append(")");
            }
        }
        return "WITH p AS (SELECT ?::timestamptz AS now, ?::int AS short, ?::int AS sl, ?::int AS fcr),"
                + " c AS (SELECT i.*, " + slotOf("i.started_at") + " AS slot, " + WAIT + " AS wait"
                + "   FROM unnest(?::text[]::timestamptz[]) x(slot) CROSS JOIN p CROSS JOIN LATERAL"
                + "   (SELECT * FROM interaction i WHERE i.started_at >= x.slot"
                + "    AND i.started_at < x.slot + interval '15 minutes' OFFSET 0) i),"
                + " f AS (SELECT c.slot" + groupingKeys() + perContact
                + "   FROM c CROSS JOIN p " + SURVEY + ")"
                + " INSERT INTO report_rollup (" + columns + ")"
                + " SELECT " + groupedByAndKey() + ", f.slot" + sums + " FROM f"
                + " GROUP BY GROUPING SETS (" + groupingSets("f.slot") + ")";
    }

    /**
     * Each made day's waits per grouping and key (the contacts that count in the wait figures,
     * each wait with how many waited it, ascending), from the contacts of the days bound last.
     */
    private static String dayWaits() {
        return "WITH p AS (SELECT ?::timestamptz AS now, ?::int AS short, ?::int AS sl, ?::int AS fcr),"
                + " c AS (SELECT i.*, x.day, " + WAIT + " AS wait"
                + "   FROM (SELECT x.day, x.day::timestamp AT TIME ZONE ? AS lo, (x.day + 1)::timestamp AT TIME ZONE ? AS hi"
                + "   FROM unnest(?::text[]::date[]) x(day)) x CROSS JOIN p CROSS JOIN LATERAL"
                + "   (SELECT * FROM interaction i WHERE i.started_at >= x.lo AND i.started_at < x.hi OFFSET 0) i),"
                + " f AS (SELECT c.day, c.wait" + groupingKeys() + " FROM c CROSS JOIN p WHERE "
                + ContactFigure.WAITED.condition + "),"
                + " n AS (SELECT " + groupedByAndKey() + ", f.day, f.wait, count(*) AS n FROM f"
                + "   GROUP BY GROUPING SETS (" + groupingSets("f.day, f.wait") + ")),"
                + " h AS (SELECT n.grouped_by, n.day, n.gkey, array_agg(n.wait ORDER BY n.wait) AS w,"
                + "   array_agg(n.n ORDER BY n.wait) AS k FROM n GROUP BY n.grouped_by, n.day, n.gkey)"
                + " UPDATE report_rollup_day d SET wait_values = h.w, wait_counts = h.k FROM h"
                + " WHERE d.grouped_by = h.grouped_by AND d.day = h.day AND d.gkey = h.gkey";
    }
}

package io.omniline.db.report;

import java.util.regex.Pattern;

/**
 * The counts and sums every contact measure is made of, each with the SQL condition that picks
 * its contacts, so a figure and the list of contacts behind it (the drill-down) always agree.
 * Columns of {@code c}: the interaction, plus {@code wait} (seconds from joining the queue to the
 * answer or the end: Asterisk's HoldTime for calls). {@code s}: the contact's survey. {@code p}:
 * the report's parameters.
 */
public enum ContactFigure {
    CONTACTS("true", null),
    IVR_CALLS("c.channel = 'voice' AND c.direction = 'inbound'", null),
    IVR_CONTAINED("c.channel = 'voice' AND c.outcome = 'hung_up_by_ivr'", null),
    ABANDONED_IVR("c.channel = 'voice' AND c.outcome = 'abandoned_in_ivr'", null),
    OFFERED("c.queued_at IS NOT NULL", null),
    ANSWERED("c.queued_at IS NOT NULL AND c.answered_at IS NOT NULL", null),
    ANSWERED_IN_SERVICE_LEVEL(ANSWERED.condition + " AND c.wait <= p.sl", null),
    ABANDONED_QUEUE(
            "c.queued_at IS NOT NULL AND c.answered_at IS NULL AND c.outcome = 'abandoned_in_queue' AND c.wait >= p.short",
            null),
    SHORT_ABANDONED(
            "c.queued_at IS NOT NULL AND c.answered_at IS NULL AND c.outcome = 'abandoned_in_queue' AND c.wait < p.short",
            null),
    WAITED("c.queued_at IS NOT NULL AND (c.answered_at IS NOT NULL OR c.outcome = 'abandoned_in_queue')", null),
    WAIT_SECONDS(WAITED.condition, "sum(c.wait)"),
    WAIT_P90_SECONDS(WAITED.condition, "percentile_cont(0.9) WITHIN GROUP (ORDER BY c.wait)"),
    ANSWER_WAIT_SECONDS(ANSWERED.condition, "sum(c.wait)"),
    HANDLED("c.answered_at IS NOT NULL AND c.state IN ('wrap_up', 'ended') AND c.talk_seconds IS NOT NULL", null),
    TALK_SECONDS(HANDLED.condition, "sum(c.talk_seconds)"),
    AFTER_CALL_WORK_SECONDS(
            HANDLED.condition + " AND c.wrap_up_at IS NOT NULL AND c.ended_at IS NOT NULL",
            "sum(greatest(0, extract(epoch FROM c.ended_at - c.wrap_up_at)))"),
    TRANSFERRED(ANSWERED.condition + " AND c.outcome = 'transferred'", null),
    FCR_ELIGIBLE("c.answered_at IS NOT NULL AND c.customer_id IS NOT NULL", null),
    FCR_RESOLVED(
            FCR_ELIGIBLE.condition + " AND NOT EXISTS (SELECT 1 FROM interaction n WHERE n.customer_id = c.customer_id"
                    + " AND n.id <> c.id AND n.started_at > c.started_at AND n.started_at <= c.started_at + p.fcr * interval '1 day')",
            null),
    SWITCH_ELIGIBLE("c.customer_id IS NOT NULL AND c.disposition IS NOT NULL", null),
    SWITCHED_CHANNEL(
            SWITCH_ELIGIBLE.condition + " AND EXISTS (SELECT 1 FROM interaction n WHERE n.customer_id = c.customer_id"
                    + " AND n.id <> c.id AND n.disposition = c.disposition AND n.channel <> c.channel"
                    + " AND n.started_at > c.started_at AND n.started_at <= c.started_at + p.fcr * interval '1 day')",
            null),
    // A request's outcome moves on to callback_completed or callback_failed when the callback settles.
    CALLBACK_REQUESTED("c.outcome IN ('callback_requested', 'callback_completed', 'callback_failed')", null),
    CALLBACK_COMPLETED("c.outcome = 'callback_completed'", null),
    // A mail or text question given up unsent (its channel refused it until it was too old) reached nobody.
    CSAT_OFFERED("s.interaction_id IS NOT NULL AND s.question_state IS DISTINCT FROM 'expired'", null),
    CSAT_ANSWERED("s.score IS NOT NULL", null),
    CSAT_SCORE(CSAT_ANSWERED.condition, "sum(s.score)"),
    DIGITAL_HANDLING_SECONDS(
            "c.channel <> 'voice' AND c.answered_at IS NOT NULL",
            "sum(greatest(0, extract(epoch FROM least(coalesce(c.wrap_up_at, c.ended_at, p.now), p.now) - c.answered_at)))");

    private static final Pattern SURVEY = Pattern.compile("(?<![\\w.])s\\.");

    final String condition;
    private final String value;
    private final String column = name().toLowerCase(java.util.Locale.ROOT);

    ContactFigure(String condition, String value) {
        this.condition = condition;
        this.value = value;
    }

    /**
     * Whether the figure is a count or a sum, so that its value over many contacts is the sum of
     * its values over parts of them: such figures are kept in the quarter-hour roll-ups (a column
     * named like the figure). A percentile is not.
     */
    boolean additive() {
        return this != WAIT_P90_SECONDS;
    }

    /** The figure's column in query results and in the roll-ups. */
    String column() {
        return column;
    }

    /** Whether the figure reads the contact's survey ({@code s}). */
    boolean readsSurveys() {
        return SURVEY.matcher(condition).find()
                || (value != null && SURVEY.matcher(value).find());
    }

    /**
     * The figure's value for one contact, which summed over contacts gives the aggregate: 1 or 0
     * for a count, the summed value or null for a sum. Only for additive figures.
     */
    String perContact() {
        if (value == null) {
            return "CASE WHEN " + condition + " THEN 1 ELSE 0 END";
        }
        if (!value.startsWith("sum(") || !value.endsWith(")")) {
            throw new IllegalStateException(name() + " is not a count or a sum");
        }
        return "CASE WHEN " + condition + " THEN " + value.substring(4, value.length() - 1) + " END";
    }

    /** The aggregate over the contacts of one row. */
    String aggregate() {
        return (value == null ? "count(*)" : value) + " FILTER (WHERE " + condition + ")";
    }
}

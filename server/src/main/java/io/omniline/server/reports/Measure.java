package io.omniline.server.reports;

import io.omniline.db.report.ContactFigure;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The measures a report can show, each with the formula it is computed by (shown beside it in
 * the page and in the API) and the figure whose contacts a drill-down lists. Contact measures
 * count contacts by the interval they started in; agent measures come from the agent state log.
 */
public enum Measure {
    OFFERED(
            "Offered",
            Unit.COUNT,
            Scope.CONTACTS,
            ContactFigure.OFFERED,
            "contacts that reached a queue (calls that left the IVR for a queue; every chat, email and SMS)"),
    ANSWERED("Answered", Unit.COUNT, Scope.CONTACTS, ContactFigure.ANSWERED, "offered contacts an agent answered"),
    ABANDONED_IN_QUEUE(
            "Abandoned in queue",
            Unit.COUNT,
            Scope.CONTACTS,
            ContactFigure.ABANDONED_QUEUE,
            "offered contacts that hung up or left while waiting, after at least the short-abandon threshold"),
    SHORT_ABANDONS(
            "Short abandons",
            Unit.COUNT,
            Scope.CONTACTS,
            ContactFigure.SHORT_ABANDONED,
            "contacts that left the queue sooner than the short-abandon threshold (listed apart, out of the service level)"),
    ABANDONED_IN_IVR(
            "Abandoned in IVR",
            Unit.COUNT,
            Scope.CONTACTS,
            ContactFigure.ABANDONED_IVR,
            "calls whose caller hung up in the IVR, before any queue"),
    SERVICE_LEVEL(
            "Service level",
            Unit.PERCENT,
            Scope.CONTACTS,
            ContactFigure.ANSWERED_IN_SERVICE_LEVEL,
            "answered within the service-level threshold ÷ (answered + abandoned in queue after the short-abandon threshold)"
                    + " × 100; short abandons count on neither side"),
    AVERAGE_SPEED_OF_ANSWER(
            "Average speed of answer",
            Unit.SECONDS,
            Scope.CONTACTS,
            ContactFigure.ANSWERED,
            "Σ wait of answered contacts ÷ answered (wait: joining the queue to the answer; Asterisk's HoldTime for calls)"),
    AVERAGE_WAIT(
            "Average wait",
            Unit.SECONDS,
            Scope.CONTACTS,
            ContactFigure.WAITED,
            "Σ wait of answered and abandoned-in-queue contacts ÷ their number"),
    P90_WAIT(
            "90th percentile wait",
            Unit.SECONDS,
            Scope.CONTACTS,
            ContactFigure.WAITED,
            "the wait 90 % of answered and abandoned-in-queue contacts stayed under (interpolated, PostgreSQL percentile_cont)"),
    AVERAGE_HANDLE_TIME(
            "Average handle time",
            Unit.SECONDS,
            Scope.CONTACTS,
            ContactFigure.HANDLED,
            "(Σ talk + Σ hold + Σ after-call work) ÷ handled contacts; talk is Asterisk's TalkTime, which includes the time"
                    + " the caller was on hold, so hold is not added twice; after-call work runs from the end of the"
                    + " conversation to the saved wrap-up"),
    TRANSFER_RATE(
            "Transfer rate",
            Unit.PERCENT,
            Scope.CONTACTS,
            ContactFigure.TRANSFERRED,
            "answered contacts that ended transferred ÷ answered × 100"),
    FIRST_CONTACT_RESOLUTION(
            "First-contact resolution",
            Unit.PERCENT,
            Scope.CONTACTS,
            ContactFigure.FCR_RESOLVED,
            "answered contacts of known customers after which the same customer made no new contact on any channel within"
                    + " N days ÷ answered contacts of known customers × 100 (N: reports.fcrDays)"),
    SWITCHED_CHANNEL(
            "Switched channel",
            Unit.PERCENT,
            Scope.CONTACTS,
            ContactFigure.SWITCHED_CHANNEL,
            "contacts of known customers with a contact reason after which the same customer came back for the same"
                    + " reason on another channel within N days ÷ contacts of known customers with a contact reason × 100"
                    + " (N: reports.fcrDays)"),
    CALLBACKS_REQUESTED(
            "Callbacks requested",
            Unit.COUNT,
            Scope.CONTACTS,
            ContactFigure.CALLBACK_REQUESTED,
            "calls that ended with the caller asking to be called back"),
    CALLBACKS_COMPLETED(
            "Callbacks completed",
            Unit.COUNT,
            Scope.CONTACTS,
            ContactFigure.CALLBACK_COMPLETED,
            "callback requests whose callback reached the customer (the request's stored outcome: completed)"),
    CSAT("CSAT", Unit.SCORE, Scope.CONTACTS, ContactFigure.CSAT_ANSWERED, "Σ survey scores (1–5) ÷ surveys answered"),
    CSAT_RESPONSE_RATE(
            "CSAT response rate",
            Unit.PERCENT,
            Scope.CONTACTS,
            ContactFigure.CSAT_ANSWERED,
            "surveys answered ÷ surveys offered × 100"),
    IVR_CONTAINMENT(
            "IVR containment",
            Unit.PERCENT,
            Scope.CONTACTS,
            ContactFigure.IVR_CONTAINED,
            "inbound calls the flow itself ended (its hangup node: self-service) ÷ inbound calls × 100"),
    OCCUPANCY(
            "Occupancy",
            Unit.PERCENT,
            Scope.AGENTS,
            ContactFigure.HANDLED,
            "(on call + wrap-up) ÷ (available + ringing + on call + wrap-up) × 100, from the agent state log; paused time"
                    + " is out of both"),
    UTILISATION(
            "Utilisation",
            Unit.PERCENT,
            Scope.AGENTS,
            ContactFigure.HANDLED,
            "(on call + wrap-up) ÷ logged-in time (paused included) × 100, from the agent state log"),
    HANDLED_PER_HOUR(
            "Handled per hour", Unit.RATE, Scope.AGENTS, ContactFigure.HANDLED, "handled contacts ÷ logged-in hours"),
    CONCURRENT_DIGITAL_LOAD(
            "Concurrent digital load",
            Unit.RATE,
            Scope.AGENTS,
            ContactFigure.DIGITAL_HANDLING_SECONDS,
            "Σ time chats, emails and SMS were held (answer to wrap-up) ÷ logged-in time: conversations held at once, on"
                    + " average");

    public enum Unit {
        COUNT,
        PERCENT,
        SECONDS,
        SCORE,
        RATE
    }

    /** Contact measures group by any key; agent measures only by agent or not at all. */
    public enum Scope {
        CONTACTS,
        AGENTS
    }

    private final String key = name().toLowerCase(Locale.ROOT).replace('_', '-');
    private final String label;
    private final Unit unit;
    private final Scope scope;
    private final ContactFigure drill;
    private final String formula;

    Measure(String label, Unit unit, Scope scope, ContactFigure drill, String formula) {
        this.label = label;
        this.unit = unit;
        this.scope = scope;
        this.drill = drill;
        this.formula = formula;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public Unit unit() {
        return unit;
    }

    public Scope scope() {
        return scope;
    }

    public String formula() {
        return formula;
    }

    /** The figure whose contacts are behind this measure. */
    public ContactFigure drill() {
        return drill;
    }

    public static Measure byKey(String key) {
        for (Measure measure : values()) {
            if (measure.key().equals(key)) {
                return measure;
            }
        }
        throw new IllegalArgumentException("no measure is called " + key);
    }

    /** The figures {@link #value} reads: a report asks the database for these alone. */
    Set<ContactFigure> figures() {
        return switch (this) {
            case OFFERED,
                    ANSWERED,
                    ABANDONED_IN_QUEUE,
                    SHORT_ABANDONS,
                    ABANDONED_IN_IVR,
                    CALLBACKS_REQUESTED,
                    CALLBACKS_COMPLETED -> EnumSet.of(drill);
            case SERVICE_LEVEL ->
                EnumSet.of(
                        ContactFigure.ANSWERED_IN_SERVICE_LEVEL, ContactFigure.ANSWERED, ContactFigure.ABANDONED_QUEUE);
            case AVERAGE_SPEED_OF_ANSWER -> EnumSet.of(ContactFigure.ANSWER_WAIT_SECONDS, ContactFigure.ANSWERED);
            case AVERAGE_WAIT -> EnumSet.of(ContactFigure.WAIT_SECONDS, ContactFigure.WAITED);
            case P90_WAIT -> EnumSet.of(ContactFigure.WAIT_P90_SECONDS, ContactFigure.WAITED);
            case AVERAGE_HANDLE_TIME ->
                EnumSet.of(ContactFigure.TALK_SECONDS, ContactFigure.AFTER_CALL_WORK_SECONDS, ContactFigure.HANDLED);
            case TRANSFER_RATE -> EnumSet.of(ContactFigure.TRANSFERRED, ContactFigure.ANSWERED);
            case FIRST_CONTACT_RESOLUTION -> EnumSet.of(ContactFigure.FCR_RESOLVED, ContactFigure.FCR_ELIGIBLE);
            case SWITCHED_CHANNEL -> EnumSet.of(ContactFigure.SWITCHED_CHANNEL, ContactFigure.SWITCH_ELIGIBLE);
            case CSAT -> EnumSet.of(ContactFigure.CSAT_SCORE, ContactFigure.CSAT_ANSWERED);
            case CSAT_RESPONSE_RATE -> EnumSet.of(ContactFigure.CSAT_ANSWERED, ContactFigure.CSAT_OFFERED);
            case IVR_CONTAINMENT -> EnumSet.of(ContactFigure.IVR_CONTAINED, ContactFigure.IVR_CALLS);
            case OCCUPANCY, UTILISATION -> EnumSet.noneOf(ContactFigure.class);
            case HANDLED_PER_HOUR -> EnumSet.of(ContactFigure.HANDLED);
            case CONCURRENT_DIGITAL_LOAD -> EnumSet.of(ContactFigure.DIGITAL_HANDLING_SECONDS);
        };
    }

    /**
     * The value from one row's figures and agent-state seconds; null when it is not defined there
     * (nothing to divide by, or an agent measure in a row that is not an agent's).
     */
    Double value(Map<ContactFigure, Double> c, Map<String, Double> states) {
        return switch (this) {
            case OFFERED -> c.get(ContactFigure.OFFERED);
            case ANSWERED -> c.get(ContactFigure.ANSWERED);
            case ABANDONED_IN_QUEUE -> c.get(ContactFigure.ABANDONED_QUEUE);
            case SHORT_ABANDONS -> c.get(ContactFigure.SHORT_ABANDONED);
            case ABANDONED_IN_IVR -> c.get(ContactFigure.ABANDONED_IVR);
            case SERVICE_LEVEL ->
                percent(
                        c.get(ContactFigure.ANSWERED_IN_SERVICE_LEVEL),
                        c.get(ContactFigure.ANSWERED) + c.get(ContactFigure.ABANDONED_QUEUE));
            case AVERAGE_SPEED_OF_ANSWER ->
                ratio(c.get(ContactFigure.ANSWER_WAIT_SECONDS), c.get(ContactFigure.ANSWERED));
            case AVERAGE_WAIT -> ratio(c.get(ContactFigure.WAIT_SECONDS), c.get(ContactFigure.WAITED));
            case P90_WAIT -> c.get(ContactFigure.WAITED) == 0 ? null : c.get(ContactFigure.WAIT_P90_SECONDS);
            case AVERAGE_HANDLE_TIME ->
                ratio(
                        c.get(ContactFigure.TALK_SECONDS) + c.get(ContactFigure.AFTER_CALL_WORK_SECONDS),
                        c.get(ContactFigure.HANDLED));
            case TRANSFER_RATE -> percent(c.get(ContactFigure.TRANSFERRED), c.get(ContactFigure.ANSWERED));
            case FIRST_CONTACT_RESOLUTION ->
                percent(c.get(ContactFigure.FCR_RESOLVED), c.get(ContactFigure.FCR_ELIGIBLE));
            case SWITCHED_CHANNEL ->
                percent(c.get(ContactFigure.SWITCHED_CHANNEL), c.get(ContactFigure.SWITCH_ELIGIBLE));
            case CALLBACKS_REQUESTED -> c.get(ContactFigure.CALLBACK_REQUESTED);
            case CALLBACKS_COMPLETED -> c.get(ContactFigure.CALLBACK_COMPLETED);
            case CSAT -> ratio(c.get(ContactFigure.CSAT_SCORE), c.get(ContactFigure.CSAT_ANSWERED));
            case CSAT_RESPONSE_RATE -> percent(c.get(ContactFigure.CSAT_ANSWERED), c.get(ContactFigure.CSAT_OFFERED));
            case IVR_CONTAINMENT -> percent(c.get(ContactFigure.IVR_CONTAINED), c.get(ContactFigure.IVR_CALLS));
            case OCCUPANCY ->
                states == null
                        ? null
                        : percent(
                                busy(states),
                                seconds(states, "available", "logged_in", "ringing", "on_call", "wrap_up"));
            case UTILISATION -> states == null ? null : percent(busy(states), loggedIn(states));
            case HANDLED_PER_HOUR ->
                states == null ? null : ratio(c.get(ContactFigure.HANDLED), loggedIn(states) / 3600);
            case CONCURRENT_DIGITAL_LOAD ->
                states == null ? null : ratio(c.get(ContactFigure.DIGITAL_HANDLING_SECONDS), loggedIn(states));
        };
    }

    private static double busy(Map<String, Double> states) {
        return seconds(states, "on_call", "wrap_up");
    }

    private static double loggedIn(Map<String, Double> states) {
        return states.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double seconds(Map<String, Double> states, String... names) {
        double sum = 0;
        for (String name : names) {
            sum += states.getOrDefault(name, 0.0);
        }
        return sum;
    }

    private static Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : numerator / denominator;
    }

    private static Double percent(double numerator, double denominator) {
        return denominator == 0 ? null : 100 * numerator / denominator;
    }
}

package io.omniline.server.reports;

import static io.omniline.server.reports.HandMadeContacts.Contact.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.omniline.db.agent.AgentRepository;
import io.omniline.db.agent.AgentStateLog;
import io.omniline.db.agent.AgentStateLog.State;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.report.ReportPeriod.Grouping;
import io.omniline.db.report.ReportPeriod.Interval;
import io.omniline.db.report.ReportRepository;
import io.omniline.db.testing.TestDatabase;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every measure on a hand-made day in New York (UTC-5 in November): ten contacts and two agents'
 * state logs, each figure worked out by hand in the comments. The clock is fixed after that day.
 */
class ReportServiceTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    private static final Clock AFTER_THE_DAY =
            Clock.fixed(DAY.plusDays(3).atStartOfDay(NEW_YORK).toInstant(), NEW_YORK);

    private static long amy;
    private static long bob;
    private static long first;
    private static long transferred;
    private static long chat;
    private static long lateNight;

    private final ReportService reports = new ReportService(
            db.repositories().reports(),
            db.repositories().agents(),
            new ReportSettings(NEW_YORK, 5, 20, 7),
            AFTER_THE_DAY);

    @BeforeAll
    static void aHandMadeDay() {
        AgentRepository agents = db.repositories().agents();
        amy = agents.create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                .id();
        bob = agents.create("bob", "Bob", "PJSIP/1002", Map.of(), Map.of("support", 0), "test")
                .id();
        CustomerRepository customers = db.repositories().customers();
        long carol = customers.create("Carol", Map.of(), List.of()).id();
        long dan = customers.create("Dan", Map.of(), List.of()).id();
        long erin = customers.create("Erin", Map.of(), List.of()).id();
        HandMadeContacts contacts = new HandMadeContacts(db.dsl(), NEW_YORK);

        // 1: answered after 10 s, talk 100, wrap-up 20; Carol calls again within 7 days (contact 10): not resolved.
        first = contacts.add(call(DAY.atTime(9, 0))
                .queued("support", 15)
                .answered(amy, 10, 100, 20)
                .of(carol)
                .disposition("billing"));
        // 2: answered after 30 s (over the 20 s service level), talk 200, wrap-up 40, transferred.
        transferred = contacts.add(call(DAY.atTime(9, 5))
                .queued("support", 15)
                .answered(amy, 30, 200, 40)
                .of(dan)
                .ended(InteractionOutcome.transferred)
                .disposition("billing"));
        // 3: hung up after 3 s in the queue: a short abandon. 4: after 40 s: an abandon.
        contacts.add(call(DAY.atTime(9, 10)).queued("support", 15).abandoned(3));
        contacts.add(call(DAY.atTime(9, 20)).queued("support", 15).abandoned(40));
        // 5: hung up in the IVR. 6: the flow's own hangup (self-service). 7: asked for a callback (Erin).
        contacts.add(call(DAY.atTime(9, 30)).ended(InteractionOutcome.abandoned_in_ivr));
        contacts.add(call(DAY.atTime(9, 40)).ended(InteractionOutcome.hung_up_by_ivr));
        contacts.add(call(DAY.atTime(9, 50)).of(erin).ended(InteractionOutcome.callback_requested));
        // 8: Erin's chat, answered by Bob after 5 s, 60 s of conversation, 10 s of wrap-up: completes the callback.
        chat = contacts.add(call(DAY.atTime(10, 30))
                .on(Channel.chat)
                .queued("chat", 0)
                .answered(bob, 5, 60, 10)
                .of(erin)
                .disposition("delivery"));
        // 9: 23:30 on the day before in New York (04:30 UTC on the day): not this day's.
        lateNight = contacts.add(
                call(DAY.minusDays(1).atTime(23, 30)).queued("support", 10).abandoned(50));
        // 10: Carol by email two days later: outside the report, but it makes contact 1 a repeat.
        contacts.add(
                call(DAY.plusDays(2).atTime(12, 0)).on(Channel.email).of(carol).ended(InteractionOutcome.completed));
        contacts.survey(first, "voice", 5);
        contacts.survey(transferred, "sms", null);

        AgentStateLog log = db.repositories().agentStateLog();
        // Amy: 08-09 available, 09-10 on call, 10-10:30 wrap-up, 10:30-11 available, 11-12 paused, then out.
        state(log, amy, State.LOGGED_IN, null, DAY.atTime(8, 0));
        state(log, amy, State.AVAILABLE, null, DAY.atTime(8, 0));
        state(log, amy, State.ON_CALL, null, DAY.atTime(9, 0));
        state(log, amy, State.WRAP_UP, null, DAY.atTime(10, 0));
        state(log, amy, State.AVAILABLE, null, DAY.atTime(10, 30));
        state(log, amy, State.PAUSED, "lunch", DAY.atTime(11, 0));
        state(log, amy, State.LOGGED_OUT, null, DAY.atTime(12, 0));
        // Bob: available since 22:00 the day before until 11:00: 11 hours of this day.
        state(log, bob, State.AVAILABLE, null, DAY.minusDays(1).atTime(22, 0));
        state(log, bob, State.LOGGED_OUT, null, DAY.atTime(11, 0));
    }

    private static void state(AgentStateLog log, long agent, State state, String reason, LocalDateTime at) {
        log.record(agent, state, reason, at.atZone(NEW_YORK).toInstant(), AgentStateLog.Source.AMI);
    }

    private Report.Row theDay(Grouping grouping, String key) {
        Report report = reports.run(new ReportRequest(
                DAY.atStartOfDay(NEW_YORK).toInstant(),
                DAY.plusDays(1).atStartOfDay(NEW_YORK).toInstant(),
                Interval.DAY,
                grouping,
                List.of(Measure.values())));
        return report.rows().stream()
                .filter(row -> row.key().equals(key))
                .findFirst()
                .orElseThrow();
    }

    private static double value(Report.Row row, Measure measure) {
        return row.values().get(measure.key());
    }

    @Test
    void countsOfferedAnsweredAndAbandonedWithShortAbandonsApart() {
        Report.Row day = theDay(Grouping.NONE, "all");
        assertThat(day.interval()).isEqualTo(DAY.atStartOfDay());
        assertThat(value(day, Measure.OFFERED)).isEqualTo(5); // 1, 2, 3, 4 and the chat
        assertThat(value(day, Measure.ANSWERED)).isEqualTo(3); // 1, 2, chat
        assertThat(value(day, Measure.ABANDONED_IN_QUEUE)).isEqualTo(1); // 4 (40 s)
        assertThat(value(day, Measure.SHORT_ABANDONS)).isEqualTo(1); // 3 (3 s < 5 s)
        assertThat(value(day, Measure.ABANDONED_IN_IVR)).isEqualTo(1); // 5
    }

    @Test
    void serviceLevelLeavesShortAbandonsOutOfBothSides() {
        // answered within 20 s: 1 (10 s) and the chat (5 s) = 2; answered 3 + abandoned after 5 s 1 = 4
        assertThat(value(theDay(Grouping.NONE, "all"), Measure.SERVICE_LEVEL)).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void waitsAverageAndNinetiethPercentile() {
        Report.Row day = theDay(Grouping.NONE, "all");
        assertThat(value(day, Measure.AVERAGE_SPEED_OF_ANSWER)).isCloseTo(15.0, within(1e-9)); // (10 + 30 + 5) / 3
        assertThat(value(day, Measure.AVERAGE_WAIT)).isCloseTo(17.6, within(1e-9)); // (10+30+3+40+5) / 5
        // 3, 5, 10, 30, 40: rank 0.9 × 4 = 3.6 → 30 + 0.6 × (40 − 30)
        assertThat(value(day, Measure.P90_WAIT)).isCloseTo(36.0, within(1e-9));
    }

    @Test
    void averageHandleTimeIsTalkPlusAfterCallWork() {
        // (100 + 20) + (200 + 40) + (60 + 10) = 430 over 3 handled
        assertThat(value(theDay(Grouping.NONE, "all"), Measure.AVERAGE_HANDLE_TIME))
                .isCloseTo(430.0 / 3, within(1e-9));
    }

    @Test
    void transferRateFirstContactResolutionAndCallbacks() {
        Report.Row day = theDay(Grouping.NONE, "all");
        assertThat(value(day, Measure.TRANSFER_RATE)).isCloseTo(100.0 / 3, within(1e-9));
        // eligible: 1 (Carol, who wrote again two days later), 2 (Dan), the chat (Erin): 2 resolved
        assertThat(value(day, Measure.FIRST_CONTACT_RESOLUTION)).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(value(day, Measure.CALLBACKS_REQUESTED)).isEqualTo(1);
        // Erin's chat was answered after it, but the callback itself has not reached her: still waiting.
        assertThat(value(day, Measure.CALLBACKS_COMPLETED)).isEqualTo(0);
    }

    @Test
    void csatAverageResponseRateAndIvrContainment() {
        Report.Row day = theDay(Grouping.NONE, "all");
        assertThat(value(day, Measure.CSAT)).isEqualTo(5.0);
        assertThat(value(day, Measure.CSAT_RESPONSE_RATE)).isCloseTo(50.0, within(1e-9));
        // inbound calls of the day: 1–7; the flow itself ended 6
        assertThat(value(day, Measure.IVR_CONTAINMENT)).isCloseTo(100.0 / 7, within(1e-9));
    }

    @Test
    void occupancyUtilisationHandledPerHourAndDigitalLoadPerAgent() {
        Report.Row amyDay = theDay(Grouping.AGENT, String.valueOf(amy));
        assertThat(amyDay.label()).isEqualTo("Amy");
        // busy = on call 3600 + wrap-up 1800; available 5400; paused 3600; logged in 4 h
        assertThat(value(amyDay, Measure.OCCUPANCY)).isCloseTo(50.0, within(1e-9));
        assertThat(value(amyDay, Measure.UTILISATION)).isCloseTo(37.5, within(1e-9));
        assertThat(value(amyDay, Measure.HANDLED_PER_HOUR)).isCloseTo(0.5, within(1e-9)); // 2 handled in 4 h
        Report.Row bobDay = theDay(Grouping.AGENT, String.valueOf(bob));
        // the state Bob was in when the day began counts from midnight: 11 h logged in, one chat of 60 s
        assertThat(value(bobDay, Measure.HANDLED_PER_HOUR)).isCloseTo(1.0 / 11, within(1e-9));
        assertThat(value(bobDay, Measure.CONCURRENT_DIGITAL_LOAD)).isCloseTo(60.0 / (11 * 3600), within(1e-9));
        assertThat(value(bobDay, Measure.OCCUPANCY)).isEqualTo(0.0);
    }

    @Test
    void agentStatesAreCutAtIntervalBoundaries() {
        Report report = reports.run(new ReportRequest(
                DAY.atTime(9, 0).atZone(NEW_YORK).toInstant(),
                DAY.atTime(11, 0).atZone(NEW_YORK).toInstant(),
                Interval.QUARTER_HOUR,
                Grouping.AGENT,
                List.of(Measure.OCCUPANCY)));
        Map<LocalDateTime, Double> amyByQuarter = new java.util.TreeMap<>();
        report.rows().stream()
                .filter(row -> row.key().equals(String.valueOf(amy)))
                .forEach(row -> amyByQuarter.put(row.interval(), row.values().get("occupancy")));
        assertThat(amyByQuarter).hasSize(8);
        assertThat(amyByQuarter.get(DAY.atTime(9, 45))).isEqualTo(100.0); // on call
        assertThat(amyByQuarter.get(DAY.atTime(10, 15))).isEqualTo(100.0); // wrap-up
        assertThat(amyByQuarter.get(DAY.atTime(10, 30))).isEqualTo(0.0); // available
    }

    @Test
    void contactsCountInTheLocalIntervalTheyStartedIn() {
        Report report = reports.run(new ReportRequest(
                DAY.minusDays(1).atStartOfDay(NEW_YORK).toInstant(),
                DAY.plusDays(1).atStartOfDay(NEW_YORK).toInstant(),
                Interval.DAY,
                Grouping.NONE,
                List.of(Measure.OFFERED)));
        assertThat(report.rows())
                .extracting(Report.Row::interval, row -> row.values().get("offered"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DAY.minusDays(1).atStartOfDay(), 1.0),
                        org.assertj.core.groups.Tuple.tuple(DAY.atStartOfDay(), 5.0));
        Report weeks = reports.run(new ReportRequest(
                DAY.minusDays(1).atStartOfDay(NEW_YORK).toInstant(),
                DAY.plusDays(1).atStartOfDay(NEW_YORK).toInstant(),
                Interval.WEEK,
                Grouping.NONE,
                List.of(Measure.OFFERED)));
        assertThat(weeks.rows()).singleElement().satisfies(row -> {
            assertThat(row.interval()).isEqualTo(LocalDate.of(2026, 11, 23).atStartOfDay()); // the Monday
            assertThat(row.values().get("offered")).isEqualTo(6.0);
        });
    }

    @Test
    void groupsByQueueChannelAndDisposition() {
        assertThat(value(theDay(Grouping.QUEUE, "support"), Measure.OFFERED)).isEqualTo(4);
        assertThat(value(theDay(Grouping.CHANNEL, "chat"), Measure.ANSWERED)).isEqualTo(1);
        assertThat(value(theDay(Grouping.DISPOSITION, "billing"), Measure.AVERAGE_HANDLE_TIME))
                .isCloseTo(180.0, within(1e-9));
        assertThat(theDay(Grouping.QUEUE, "support").values().get("occupancy"))
                .as("agent measures belong to agents' rows")
                .isNull();
    }

    @Test
    void everyFigureOpensIntoTheContactsBehindIt() {
        ReportRequest day = new ReportRequest(
                DAY.atStartOfDay(NEW_YORK).toInstant(),
                DAY.plusDays(1).atStartOfDay(NEW_YORK).toInstant(),
                Interval.DAY,
                Grouping.NONE,
                List.of(Measure.values()));
        assertThat(reports.contacts(day, Measure.ANSWERED, DAY.atStartOfDay(), "all"))
                .extracting(ReportRepository.Contact::id)
                .containsExactly(first, transferred, chat);
        assertThat(reports.contacts(day, Measure.SERVICE_LEVEL, DAY.atStartOfDay(), "all"))
                .extracting(ReportRepository.Contact::id)
                .containsExactly(first, chat);
        assertThat(reports.contacts(day, Measure.TRANSFER_RATE, DAY.atStartOfDay(), "all"))
                .singleElement()
                .satisfies(contact -> {
                    assertThat(contact.id()).isEqualTo(transferred);
                    assertThat(contact.waitSeconds()).isEqualTo(30);
                });
        assertThat(reports.contacts(day, Measure.OFFERED, DAY.atStartOfDay(), "all"))
                .extracting(ReportRepository.Contact::id)
                .doesNotContain(lateNight);
    }
}

package io.omniline.server.reports;

import static io.omniline.server.reports.HandMadeContacts.Contact.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.report.ReportPeriod.Grouping;
import io.omniline.db.report.ReportPeriod.Interval;
import io.omniline.db.testing.TestDatabase;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Callbacks completed counts the requests whose callback reached the customer, from the
 * request's stored outcome; a later contact of the customer on their own does not complete it.
 */
class CallbacksCompletedTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final ZoneId ZONE = ZoneId.of("Europe/Madrid");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    @Test
    void aCallbackCountsAsCompletedOnlyWhenItsCallReachedTheCustomer() {
        long amy = db.repositories()
                .agents()
                .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                .id();
        long erin = db.repositories()
                .customers()
                .create("Erin", Map.of(), List.of())
                .id();
        HandMadeContacts contacts = new HandMadeContacts(db.dsl(), ZONE);
        contacts.add(call(DAY.atTime(9, 0)).ended(InteractionOutcome.callback_completed));
        contacts.add(call(DAY.atTime(9, 10)).ended(InteractionOutcome.callback_failed));
        // Still waiting, though Erin called in herself and was answered: not a completed callback.
        contacts.add(call(DAY.atTime(9, 20)).of(erin).ended(InteractionOutcome.callback_requested));
        contacts.add(call(DAY.atTime(9, 40)).of(erin).queued("support", 10).answered(amy, 5, 60, 10));

        Report.Row day = new ReportService(
                        db.repositories().reports(),
                        db.repositories().agents(),
                        new ReportSettings(ZONE, 5, 20, 7),
                        Clock.systemUTC())
                .run(new ReportRequest(
                        DAY.atStartOfDay(ZONE).toInstant(),
                        DAY.plusDays(1).atStartOfDay(ZONE).toInstant(),
                        Interval.DAY,
                        Grouping.NONE,
                        List.of(Measure.CALLBACKS_REQUESTED, Measure.CALLBACKS_COMPLETED)))
                .rows()
                .getFirst();

        assertThat(day.values().get(Measure.CALLBACKS_REQUESTED.key())).isEqualTo(3);
        assertThat(day.values().get(Measure.CALLBACKS_COMPLETED.key())).isEqualTo(1);
    }
}

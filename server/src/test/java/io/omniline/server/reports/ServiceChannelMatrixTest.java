package io.omniline.server.reports;

import static io.omniline.server.reports.HandMadeContacts.Contact.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.interaction.Channel;
import io.omniline.db.report.ReportRepository;
import io.omniline.db.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service-channel matrix over a hand-made day: contact reasons × channels, each cell's
 * figures worked out by hand, and a customer who came back for the same reason on another
 * channel shading the cell she left.
 */
class ServiceChannelMatrixTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    private static final Instant FROM = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant TO =
            DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private static long carolByPhone;

    private final ServiceChannelMatrices matrices = new ServiceChannelMatrices(new ReportService(
            db.repositories().reports(),
            db.repositories().agents(),
            new ReportSettings(ZoneOffset.UTC, 5, 20, 7),
            Clock.fixed(DAY.plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC)));

    @BeforeAll
    static void aHandMadeDay() {
        long amy = db.repositories()
                .agents()
                .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                .id();
        CustomerRepository customers = db.repositories().customers();
        long carol = customers.create("Carol", Map.of(), List.of()).id();
        long dan = customers.create("Dan", Map.of(), List.of()).id();
        long erin = customers.create("Erin", Map.of(), List.of()).id();
        HandMadeContacts contacts = new HandMadeContacts(db.dsl(), ZoneOffset.UTC);
        // Billing by phone: Carol (talk 100, wrap-up 20, CSAT 2), then Dan (talk 200, wrap-up 40, CSAT 4).
        carolByPhone = contacts.add(call(DAY.atTime(9, 0))
                .queued("support", 15)
                .answered(amy, 10, 100, 20)
                .of(carol)
                .disposition("billing"));
        long danByPhone = contacts.add(call(DAY.atTime(10, 0))
                .queued("support", 15)
                .answered(amy, 10, 200, 40)
                .of(dan)
                .disposition("billing"));
        // Carol comes back for billing by chat: her call was not resolved, and she switched channel.
        contacts.add(call(DAY.atTime(11, 0))
                .on(Channel.chat)
                .queued("chat", 0)
                .answered(amy, 5, 60, 0)
                .of(carol)
                .disposition("billing"));
        // A password reset by email.
        contacts.add(call(DAY.atTime(12, 0))
                .on(Channel.email)
                .queued("email", 0)
                .answered(amy, 60, 300, 0)
                .of(erin)
                .disposition("password"));
        contacts.survey(carolByPhone, "voice", 2);
        contacts.survey(danByPhone, "voice", 4);
    }

    @Test
    void eachReasonAndChannelHasItsVolumeHandleTimeResolutionSatisfactionAndSwitches() {
        ServiceChannelMatrix matrix = matrices.of(FROM, TO);

        assertThat(matrix.channels()).containsExactly("voice", "chat", "email");
        assertThat(matrix.reasons())
                .extracting(ServiceChannelMatrix.Reason::label)
                .containsExactly("billing", "password");
        assertThat(matrix.columns())
                .extracting(Report.Column::label)
                .containsExactly(
                        "Offered", "Average handle time", "First-contact resolution", "CSAT", "Switched channel");

        Map<String, Double> billingByPhone = cell(matrix, "billing", "voice");
        assertThat(billingByPhone.get("offered")).isEqualTo(2.0);
        assertThat(billingByPhone.get("average-handle-time")).isCloseTo((100 + 20 + 200 + 40) / 2.0, within(1e-9));
        assertThat(billingByPhone.get("first-contact-resolution")).isEqualTo(50.0); // Dan resolved, Carol came back
        assertThat(billingByPhone.get("csat")).isEqualTo(3.0); // (2 + 4) ÷ 2
        assertThat(billingByPhone.get("switched-channel")).isEqualTo(50.0); // Carol of Carol and Dan

        Map<String, Double> billingByChat = cell(matrix, "billing", "chat");
        assertThat(billingByChat.get("offered")).isEqualTo(1.0);
        assertThat(billingByChat.get("first-contact-resolution")).isEqualTo(100.0);
        assertThat(billingByChat.get("csat")).isNull();
        assertThat(billingByChat.get("switched-channel")).isEqualTo(0.0);

        Map<String, Double> passwordByEmail = cell(matrix, "password", "email");
        assertThat(passwordByEmail.get("average-handle-time")).isEqualTo(300.0);
        assertThat(matrix.reasons().get(1).cells()).doesNotContainKey("voice");
    }

    @Test
    void aCellsFigureOpensIntoItsContacts() {
        assertThat(matrices.contacts(FROM, TO, Measure.SWITCHED_CHANNEL, "voice", "billing"))
                .extracting(ReportRepository.Contact::id)
                .containsExactly(carolByPhone);
        assertThat(matrices.contacts(FROM, TO, Measure.OFFERED, "chat", "billing"))
                .singleElement()
                .satisfies(contact -> assertThat(contact.channel()).isEqualTo("chat"));
        assertThatThrownBy(() -> matrices.contacts(FROM, TO, Measure.OFFERED, "fax", "billing"))
                .hasMessage("channel must be voice, chat, email or sms");
    }

    private static Map<String, Double> cell(ServiceChannelMatrix matrix, String reason, String channel) {
        return matrix.reasons().stream()
                .filter(r -> r.key().equals(reason))
                .findFirst()
                .orElseThrow()
                .cells()
                .get(channel);
    }
}

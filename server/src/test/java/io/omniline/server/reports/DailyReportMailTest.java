package io.omniline.server.reports;

import static io.omniline.server.reports.HandMadeContacts.Contact.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.omniline.bridge.channels.email.EmailSettings;
import io.omniline.bridge.channels.email.MailNotSentException;
import io.omniline.bridge.channels.email.SmtpMailer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.reports.daily.DailyReportMail;
import io.omniline.server.reports.daily.DailyReportSchedule;
import io.omniline.testing.MovableClock;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daily interval report: mailed once per day at the configured time in the contact center's
 * zone, remembered across a restart, tried again while SMTP is down. The clock is the test's.
 */
class DailyReportMailTest {

    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 17);
    private static final String MANAGER = "manager@example.com";
    private static final LocalTime SIX = LocalTime.of(6, 0);

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private GreenMail mail;
    private final MovableClock clock =
            new MovableClock(DAY.plusDays(1).atTime(5, 59).atZone(MADRID).toInstant());

    @BeforeEach
    void start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        long amy = db.repositories()
                .agents()
                .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                .id();
        HandMadeContacts contacts = new HandMadeContacts(db.dsl(), MADRID);
        contacts.add(call(DAY.atTime(9, 0)).queued("support", 10).answered(amy, 10, 100, 20));
        contacts.add(call(DAY.atTime(9, 30)).queued("support", 10).abandoned(40));
        contacts.add(call(DAY.atTime(14, 0)).on(Channel.chat).queued("chat", 0).answered(amy, 5, 300, 0));
        // The day after: not in the report of the day.
        contacts.add(call(DAY.plusDays(1).atTime(1, 0)).queued("support", 10).abandoned(40));
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    @Test
    void yesterdaysReportGoesOnceAtTheConfiguredTimeWithItsCsvAttached() throws Exception {
        DailyReportSchedule schedule = schedule(mail.getSmtp().getPort());
        assertThat(schedule.tick()).as("05:59 in Madrid: not yet").isFalse();
        assertThat(mail.getReceivedMessages()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        assertThat(schedule.tick()).isTrue();
        assertThat(schedule.tick()).as("once a day").isFalse();

        MimeMessage sent = mail.getReceivedMessages()[0];
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(sent.getAllRecipients()[0].toString()).isEqualTo(MANAGER);
        assertThat(sent.getSubject()).isEqualTo("Interval report 2026-11-17");
        Map<String, String> parts = parts(sent);
        assertThat(parts.get("text"))
                .contains("By queue:")
                .contains("support: Offered 2.0; Answered 1.0; Abandoned in queue 1.0")
                .contains("By channel:")
                .contains("chat: Offered 1.0; Answered 1.0");
        assertThat(parts.get("interval-report-2026-11-17-by-queue.csv"))
                .startsWith("interval,group,Offered,Answered")
                .contains("2026-11-17T09:00,support,2.00,1.00,1.00")
                .doesNotContain("2026-11-18")
                .contains("measure,formula");
        assertThat(parts.get("interval-report-2026-11-17-by-channel.csv")).contains("2026-11-17T14:00,chat,1.00,1.00");

        clock.advance(Duration.ofHours(17));
        assertThat(schedule.tick()).as("23:00 the same day").isFalse();
        clock.advance(Duration.ofHours(7));
        assertThat(schedule.tick()).as("06:00 the next day").isTrue();
        assertThat(mail.getReceivedMessages()).hasSize(2);
        assertThat(mail.getReceivedMessages()[1].getSubject()).isEqualTo("Interval report 2026-11-18");
    }

    @Test
    void aRestartDoesNotSendTheDayAgain() throws Exception {
        clock.advance(Duration.ofMinutes(1));
        assertThat(schedule(mail.getSmtp().getPort()).tick()).isTrue();

        DailyReportSchedule restarted = schedule(mail.getSmtp().getPort());
        clock.advance(Duration.ofHours(2));
        assertThat(restarted.tick()).isFalse();
        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void whileSmtpIsDownNothingIsRecordedAndTheNextTickSendsOnceItIsBack() throws Exception {
        clock.advance(Duration.ofMinutes(1));
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        DailyReportSchedule down = schedule(closedPort);
        assertThatThrownBy(down::tick).isInstanceOf(MailNotSentException.class);
        assertThatThrownBy(down::tick).as("tried again at each tick").isInstanceOf(MailNotSentException.class);
        assertThat(db.repositories().reportDeliveries().lastDay("daily-interval-report"))
                .isEmpty();

        assertThat(schedule(mail.getSmtp().getPort()).tick()).isTrue();
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(db.repositories().reportDeliveries().lastDay("daily-interval-report"))
                .contains(DAY);
    }

    private DailyReportSchedule schedule(int smtpPort) {
        ReportService reports = new ReportService(
                db.repositories().reports(),
                db.repositories().agents(),
                new ReportSettings(MADRID, 5, 20, 7),
                Clock.systemUTC());
        SmtpMailer mailer = new SmtpMailer(new EmailSettings(
                "127.0.0.1",
                1,
                false,
                "reports",
                "secret",
                "INBOX",
                "127.0.0.1",
                smtpPort,
                false,
                null,
                null,
                "reports@omniline.test",
                "email",
                Duration.ofSeconds(60),
                false,
                1024,
                1024));
        return new DailyReportSchedule(
                new DailyReportMail(reports, mailer, MANAGER),
                db.repositories().reportDeliveries(),
                SIX,
                MADRID,
                clock);
    }

    /** The text under "text", each attachment under its file name. */
    private static Map<String, String> parts(MimeMessage message) throws Exception {
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        Map<String, String> parts = new java.util.HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            Part part = multipart.getBodyPart(i);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            part.getInputStream().transferTo(bytes);
            String name = part.getFileName() == null ? "text" : part.getFileName();
            names.add(name);
            parts.put(name, bytes.toString(StandardCharsets.UTF_8));
        }
        assertThat(names).hasSize(3);
        return parts;
    }
}

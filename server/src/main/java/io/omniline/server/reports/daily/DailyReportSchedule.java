package io.omniline.server.reports.daily;

import io.omniline.bridge.channels.email.MailNotSentException;
import io.omniline.db.report.ReportDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails yesterday's interval report once a day, at the configured time of day in the contact
 * center's zone. Each {@linkplain #tick tick} asks whether yesterday is sent yet (the database
 * remembers, across restarts and nodes); until it is, every tick tries again, so a day missed
 * while SMTP or the database was down goes out as soon as they are back. Only the last day is
 * sent: a node that was off for a week sends one mail, not seven.
 */
public final class DailyReportSchedule implements AutoCloseable {

    static final String REPORT = "daily-interval-report";
    private static final Logger log = LoggerFactory.getLogger(DailyReportSchedule.class);

    private final DailyReportMail mail;
    private final ReportDeliveries deliveries;
    private final LocalTime at;
    private final ZoneId zone;
    private final Clock clock;
    private ScheduledExecutorService timer;

    /** @param zone the contact center's: {@code at} and the days are on its clock */
    public DailyReportSchedule(
            DailyReportMail mail, ReportDeliveries deliveries, LocalTime at, ZoneId zone, Clock clock) {
        this.mail = mail;
        this.deliveries = deliveries;
        this.at = at;
        this.zone = zone;
        this.clock = clock;
    }

    /** Ticks every {@code every} on a thread of its own. */
    public DailyReportSchedule start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("daily-report").daemon().factory());
        timer.scheduleWithFixedDelay(this::tickQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Sends yesterday's report if its time today has come and it has not gone yet.
     *
     * @return whether this tick sent it
     * @throws MailNotSentException when SMTP would not take it (nothing is recorded; the next tick tries again)
     */
    public boolean tick() throws MailNotSentException {
        ZonedDateTime now = clock.instant().atZone(zone);
        if (now.toLocalTime().isBefore(at)) {
            return false;
        }
        LocalDate yesterday = now.toLocalDate().minusDays(1);
        try {
            return deliveries.sendOnce(REPORT, yesterday, clock.instant(), () -> {
                try {
                    mail.send(yesterday);
                } catch (MailNotSentException e) {
                    throw new NotSent(e);
                }
            });
        } catch (NotSent e) {
            throw e.cause;
        }
    }

    private void tickQuietly() {
        try {
            if (tick()) {
                log.info("the daily interval report went out");
            }
        } catch (MailNotSentException | RuntimeException e) {
            log.warn("the daily interval report could not be sent yet; trying again shortly: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Carries the mail's failure out through the database transaction, which then rolls back. */
    private static final class NotSent extends RuntimeException {
        private final MailNotSentException cause;

        NotSent(MailNotSentException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}

package io.omniline.server.reports.daily;

import io.omniline.bridge.channels.email.MailNotSentException;
import io.omniline.bridge.channels.email.SmtpMailer;
import io.omniline.db.report.ReportPeriod;
import io.omniline.server.reports.Measure;
import io.omniline.server.reports.Report;
import io.omniline.server.reports.ReportCsv;
import io.omniline.server.reports.ReportRequest;
import io.omniline.server.reports.ReportService;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * One day's interval report as a mail: the day's main figures per queue and per channel in the
 * text, and the same measures hour by hour in two attached CSV files (by queue, by channel), with
 * their formulas.
 */
public final class DailyReportMail {

    /** What a manager reads first; every other measure is on the reports page. */
    static final List<Measure> MAIN_MEASURES = List.of(
            Measure.OFFERED,
            Measure.ANSWERED,
            Measure.ABANDONED_IN_QUEUE,
            Measure.SERVICE_LEVEL,
            Measure.AVERAGE_SPEED_OF_ANSWER,
            Measure.AVERAGE_HANDLE_TIME,
            Measure.CSAT,
            Measure.CSAT_RESPONSE_RATE);

    private final ReportService reports;
    private final SmtpMailer mailer;
    private final String to;

    public DailyReportMail(ReportService reports, SmtpMailer mailer, String to) {
        this.reports = reports;
        this.mailer = mailer;
        this.to = to;
    }

    /** @throws MailNotSentException when SMTP would not take it */
    public void send(LocalDate day) throws MailNotSentException {
        ZoneId zone = reports.settings().zone();
        StringBuilder text = new StringBuilder("The interval report of ")
                .append(day)
                .append(" (")
                .append(zone)
                .append("). Hour by hour in the attached CSV files.\n");
        List<SmtpMailer.Attachment> files = new java.util.ArrayList<>();
        for (ReportPeriod.Grouping grouping : List.of(ReportPeriod.Grouping.QUEUE, ReportPeriod.Grouping.CHANNEL)) {
            String by = grouping.name().toLowerCase(Locale.ROOT);
            text.append("\nBy ").append(by).append(":\n");
            Report total = run(day, ReportPeriod.Interval.DAY, grouping);
            if (total.rows().isEmpty()) {
                text.append("  no contacts\n");
            }
            for (Report.Row row : total.rows()) {
                text.append("  ")
                        .append(row.label().isEmpty() ? "(none)" : row.label())
                        .append(":");
                for (Report.Column column : total.columns()) {
                    Double value = row.values().get(column.key());
                    text.append(' ')
                            .append(column.label())
                            .append(' ')
                            .append(value == null ? "—" : String.format(Locale.ROOT, "%.1f", value))
                            .append(';');
                }
                text.setLength(text.length() - 1);
                text.append('\n');
            }
            files.add(new SmtpMailer.Attachment(
                    "interval-report-" + day + "-by-" + by + ".csv",
                    "text/csv; charset=utf-8",
                    ReportCsv.of(run(day, ReportPeriod.Interval.HOUR, grouping)).getBytes(StandardCharsets.UTF_8)));
        }
        mailer.sendWithAttachments(to, "Interval report " + day, text.toString(), files);
    }

    private Report run(LocalDate day, ReportPeriod.Interval interval, ReportPeriod.Grouping grouping) {
        ZoneId zone = reports.settings().zone();
        return reports.run(new ReportRequest(
                day.atStartOfDay(zone).toInstant(),
                day.plusDays(1).atStartOfDay(zone).toInstant(),
                interval,
                grouping,
                MAIN_MEASURES));
    }
}

package io.omniline.server.reports;

import io.omniline.db.interaction.Channel;
import io.omniline.db.report.ReportPeriod;
import io.omniline.db.report.ReportRepository;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the service-channel matrix from the same figures and formulas as every report: the
 * period as one interval, grouped by channel and disposition, so each cell's figures open into
 * the contacts behind them like any report's.
 */
public final class ServiceChannelMatrices {

    static final List<Measure> MEASURES = List.of(
            Measure.OFFERED,
            Measure.AVERAGE_HANDLE_TIME,
            Measure.FIRST_CONTACT_RESOLUTION,
            Measure.CSAT,
            Measure.SWITCHED_CHANNEL);

    private final ReportService reports;

    public ServiceChannelMatrices(ReportService reports) {
        this.reports = reports;
    }

    public ServiceChannelMatrix of(Instant from, Instant to) {
        Report report = reports.run(request(from, to, MEASURES));
        Map<String, Map<String, Map<String, Double>>> byReason = new TreeMap<>();
        for (Report.Row row : report.rows()) {
            String[] cell = row.key().split(":", 2);
            byReason.computeIfAbsent(cell[1], reason -> new LinkedHashMap<>()).put(cell[0], row.values());
        }
        List<String> channels = Arrays.stream(Channel.values())
                .map(Channel::getLiteral)
                .filter(channel -> byReason.values().stream().anyMatch(cells -> cells.containsKey(channel)))
                .toList();
        List<ServiceChannelMatrix.Reason> reasons = byReason.entrySet().stream()
                .map(entry -> new ServiceChannelMatrix.Reason(
                        entry.getKey(),
                        entry.getKey().isEmpty() ? "(no contact reason)" : entry.getKey(),
                        entry.getValue()))
                .toList();
        return new ServiceChannelMatrix(
                report.timeZone(),
                from,
                to,
                row(from),
                report.columns(),
                channels,
                reasons,
                List.of(
                        "Times are in " + report.timeZone() + "; a contact counts in the period it started in,"
                                + " and its reason is the disposition its agent saved.",
                        report.notes().get(1),
                        "Shaded cells: customers who came for that reason came back for it on another channel (switched"
                                + " channel above 0); the darker, the more often."));
    }

    /** The contacts behind one figure of one cell. */
    public List<ReportRepository.Contact> contacts(
            Instant from, Instant to, Measure measure, String channel, String reason) {
        if (Arrays.stream(Channel.values()).noneMatch(c -> c.getLiteral().equals(channel))) {
            throw new IllegalArgumentException("channel must be voice, chat, email or sms");
        }
        return reports.contacts(request(from, to, List.of(measure)), measure, row(from), channel + ":" + reason);
    }

    private LocalDateTime row(Instant from) {
        return LocalDateTime.ofInstant(from, reports.settings().zone());
    }

    private static ReportRequest request(Instant from, Instant to, List<Measure> measures) {
        return new ReportRequest(
                from, to, ReportPeriod.Interval.WHOLE, ReportPeriod.Grouping.CHANNEL_AND_DISPOSITION, measures);
    }
}

package io.omniline.server.reports;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Contact reasons (dispositions) × channels over a period: in each cell the contacts' volume,
 * handle time, first-contact resolution, CSAT and how often customers came back for the same
 * reason on another channel. {@code row} names the period's one interval, for the drill-down.
 */
public record ServiceChannelMatrix(
        String timeZone,
        Instant from,
        Instant to,
        LocalDateTime row,
        List<Report.Column> columns,
        List<String> channels,
        List<Reason> reasons,
        List<String> notes) {

    /** One contact reason's cells by channel; {@code key} is '' for contacts with no disposition. */
    public record Reason(String key, String label, Map<String, Map<String, Double>> cells) {}
}

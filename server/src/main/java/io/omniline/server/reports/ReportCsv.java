package io.omniline.server.reports;

import java.util.Locale;

/**
 * A report as CSV (RFC 4180): interval, group, then one column per measure (and, compared with
 * the previous period, the previous interval and each measure's previous value and change);
 * formulas in a last block of lines.
 */
public final class ReportCsv {

    private ReportCsv() {}

    public static String of(Report report) {
        boolean compared = report.previous() != null;
        StringBuilder csv = new StringBuilder("interval,group");
        if (compared) {
            csv.append(",previous interval");
        }
        report.columns().forEach(column -> {
            csv.append(',').append(cell(column.label()));
            if (compared) {
                csv.append(',').append(cell(column.label() + " (previous)"));
                csv.append(',').append(cell(column.label() + " (change)"));
            }
        });
        csv.append("\r\n");
        for (Report.Row row : report.rows()) {
            csv.append(row.interval()).append(',').append(cell(row.label()));
            if (compared) {
                csv.append(',').append(row.previousInterval());
            }
            for (Report.Column column : report.columns()) {
                csv.append(',').append(number(row.values().get(column.key())));
                if (compared) {
                    csv.append(',').append(number(row.previous().get(column.key())));
                    csv.append(',').append(number(row.change().get(column.key())));
                }
            }
            csv.append("\r\n");
        }
        csv.append("\r\nmeasure,formula\r\n");
        report.columns()
                .forEach(column -> csv.append(cell(column.label()))
                        .append(',')
                        .append(cell(column.formula()))
                        .append("\r\n"));
        return csv.toString();
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never runs a group name as a formula. */
    static String cell(String text) {
        String safe = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}

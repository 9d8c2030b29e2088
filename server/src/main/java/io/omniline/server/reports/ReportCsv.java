package io.omniline.server.reports;

import java.util.Locale;

/** A report as CSV (RFC 4180): interval, group, then one column per measure; formulas in a last block of lines. */
public final class ReportCsv {

    private ReportCsv() {}

    public static String of(Report report) {
        StringBuilder csv = new StringBuilder("interval,group");
        report.columns().forEach(column -> csv.append(',').append(cell(column.label())));
        csv.append("\r\n");
        for (Report.Row row : report.rows()) {
            csv.append(row.interval()).append(',').append(cell(row.label()));
            for (Report.Column column : report.columns()) {
                Double value = row.values().get(column.key());
                csv.append(',').append(value == null ? "" : String.format(Locale.ROOT, "%.2f", value));
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

    /** Quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never runs a group name as a formula. */
    static String cell(String text) {
        String safe = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}

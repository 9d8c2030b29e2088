package io.omniline.db.seed;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import org.postgresql.copy.CopyManager;

/** Rows for one table in COPY's csv format, built in memory and sent as one COPY statement. */
final class CsvRows {

    private final String target;
    private final StringBuilder buffer = new StringBuilder(1 << 16);
    private boolean rowStarted;
    private long rows;

    /** @param target table and column list, as in {@code COPY target FROM STDIN} */
    CsvRows(String target) {
        this.target = target;
    }

    CsvRows value(long value) {
        separate();
        buffer.append(value);
        return this;
    }

    CsvRows value(boolean value) {
        separate();
        buffer.append(value);
        return this;
    }

    /** Null is written as an empty unquoted field, which COPY csv reads as NULL. */
    CsvRows value(Object value) {
        separate();
        if (value != null) {
            String text = value.toString();
            buffer.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    buffer.append('"');
                }
                buffer.append(c);
            }
            buffer.append('"');
        }
        return this;
    }

    void endRow() {
        buffer.append('\n');
        rowStarted = false;
        rows++;
    }

    long rows() {
        return rows;
    }

    void copyTo(CopyManager copy) throws SQLException {
        try {
            copy.copyIn("COPY " + target + " FROM STDIN (FORMAT csv)", new StringReader(buffer.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY " + target + " could not be sent", e);
        }
    }

    private void separate() {
        if (rowStarted) {
            buffer.append(',');
        }
        rowStarted = true;
    }
}

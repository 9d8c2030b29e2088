package io.omniline.db;

import java.sql.SQLException;
import java.util.Optional;
import org.jooq.exception.DataAccessException;

/** Reads PostgreSQL's SQLSTATE out of jOOQ's exceptions, including Omniline's own codes. */
public final class SqlStates {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";
    /** Raised by the interaction_transition_guard trigger. */
    public static final String ILLEGAL_TRANSITION = "OL001";

    private SqlStates() {
    }

    public static boolean is(DataAccessException e, String sqlState) {
        return sqlState.equals(e.sqlState());
    }

    /** The server's own message, without the driver's "ERROR:" prefix and location lines. */
    public static String serverMessage(DataAccessException e) {
        return Optional.ofNullable(e.getCause(SQLException.class))
                .map(SQLException::getMessage)
                .map(message -> message.replaceFirst("^ERROR: ", "").lines().findFirst().orElse(message))
                .orElse(e.getMessage());
    }
}

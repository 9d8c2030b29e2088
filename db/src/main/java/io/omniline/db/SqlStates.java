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

    /**
     * True when PostgreSQL refused the data itself (a value it cannot store, a broken rule, a key
     * too long to index): the same data fails again on every retry, so it must be set aside. False
     * for what passes (a lost connection, a timeout, a deadlock), where a retry is right.
     */
    public static boolean refusesData(DataAccessException e) {
        String state = e.sqlState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    /** The server's own message, without the driver's "ERROR:" prefix and location lines. */
    public static String serverMessage(DataAccessException e) {
        return Optional.ofNullable(e.getCause(SQLException.class))
                .map(SQLException::getMessage)
                .map(message -> message.replaceFirst("^ERROR: ", "").lines().findFirst().orElse(message))
                .orElse(e.getMessage());
    }
}

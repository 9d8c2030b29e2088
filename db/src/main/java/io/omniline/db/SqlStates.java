package io.omniline.db;

import java.sql.SQLException;
import java.util.Optional;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.DataTypeException;
import org.jooq.exception.InvalidResultException;
import org.jooq.exception.MappingException;

/**
 * Reads PostgreSQL's SQLSTATE out of the exceptions the repositories throw, including Omniline's
 * own codes, so that code outside db can tell a database failure apart without knowing jOOQ.
 */
public final class SqlStates {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";
    /** Raised by the interaction_transition_guard trigger. */
    public static final String ILLEGAL_TRANSITION = "OL001";

    private SqlStates() {}

    /** Whether {@code e} is a failure of the database or of a statement, not of the caller's code. */
    public static boolean isDatabaseError(Throwable e) {
        return e instanceof DataAccessException;
    }

    public static boolean is(RuntimeException e, String sqlState) {
        return e instanceof DataAccessException access && sqlState.equals(access.sqlState());
    }

    /**
     * True when PostgreSQL refused the data itself (a value it cannot store, a broken rule, a key
     * too long to index): the same data fails again on every retry, so it must be set aside. False
     * for what passes (a lost connection, a timeout, a deadlock), where a retry is right.
     */
    public static boolean refusesData(RuntimeException e) {
        String state = e instanceof DataAccessException access ? access.sqlState() : null;
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    /**
     * Whether waiting may help a failed statement: a connection that could not be had, broke, or
     * timed out. Not a constraint (23), bad data (22), a statement error (42), Omniline's own codes
     * (OL), a result of the wrong shape, or a failure that is not the database's at all.
     */
    public static boolean mayPassOnRetry(RuntimeException e) {
        if (!(e instanceof DataAccessException access)
                || e instanceof InvalidResultException
                || e instanceof DataTypeException
                || e instanceof MappingException) {
            return false;
        }
        String state = access.sqlState();
        return state == null
                || !(state.startsWith("23")
                        || state.startsWith("22")
                        || state.startsWith("42")
                        || state.startsWith("OL"));
    }

    /**
     * The server's own message, without the driver's "ERROR:" prefix and location lines; the
     * exception's message when it did not come from the server.
     */
    public static String serverMessage(RuntimeException e) {
        if (!(e instanceof DataAccessException access)) {
            return e.getMessage();
        }
        return Optional.ofNullable(access.getCause(SQLException.class))
                .map(SQLException::getMessage)
                .map(message ->
                        message.replaceFirst("^ERROR: ", "").lines().findFirst().orElse(message))
                .orElse(access.getMessage());
    }
}

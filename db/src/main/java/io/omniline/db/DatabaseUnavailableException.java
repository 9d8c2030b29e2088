package io.omniline.db;

/** The database server could not be reached or refused the connection. */
public final class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String jdbcUrl, Throwable cause) {
        super("cannot connect to PostgreSQL at " + jdbcUrl + ": " + cause.getMessage(), cause);
    }
}

package io.omniline.db.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL session-level advisory lock, named by text, so that one node of several does a
 * thing. Held on a connection of its own: PostgreSQL lets it go the moment that connection ends
 * (the node died, the network parted, someone terminated the backend), so the holder must treat
 * a connection it can no longer use as a lock it no longer holds.
 */
public final class AdvisoryLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLock.class);
    private static final String KEY = "hashtextextended(?, 0)";

    private final String name;
    private final Connection connection;

    private AdvisoryLock(String name, Connection connection) {
        this.name = name;
        this.connection = connection;
    }

    /**
     * Takes the lock on a new connection from {@code dedicated} if no one holds it, without waiting.
     *
     * @return the lock, held until {@link #close()} or until its connection is lost; empty when
     *     another session holds it
     * @throws SQLException when the database cannot be asked
     */
    public static Optional<AdvisoryLock> tryTake(DataSource dedicated, String name) throws SQLException {
        Connection connection = dedicated.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement take = connection.prepareStatement("select pg_try_advisory_lock(" + KEY + ")")) {
                take.setString(1, name);
                try (ResultSet taken = take.executeQuery()) {
                    if (taken.next() && taken.getBoolean(1)) {
                        return Optional.of(new AdvisoryLock(name, connection));
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return Optional.empty();
    }

    /**
     * Runs {@code work} while holding the lock, waiting for whoever holds it first; the lock is
     * held on one connection of {@code dsl}'s pool while {@code work} uses others.
     */
    public static void whileHolding(DSLContext dsl, String name, Runnable work) {
        dsl.connection(connection -> {
            try (PreparedStatement take = connection.prepareStatement("select pg_advisory_lock(" + KEY + ")")) {
                take.setString(1, name);
                take.execute();
            }
            try {
                work.run();
            } finally {
                try (PreparedStatement release =
                        connection.prepareStatement("select pg_advisory_unlock(" + KEY + ")")) {
                    release.setString(1, name);
                    release.execute();
                }
            }
        });
    }

    /**
     * Whether the lock's connection still answers within {@code timeout}; false means the lock is
     * gone, or may be gone, and must be treated as lost.
     */
    public boolean stillHeld(Duration timeout) {
        try {
            if (connection.isClosed()) {
                return false;
            }
            connection.setNetworkTimeout(Runnable::run, (int) Math.max(1, timeout.toMillis()));
            try (PreparedStatement probe = connection.prepareStatement("select 1");
                    ResultSet answered = probe.executeQuery()) {
                return answered.next();
            }
        } catch (SQLException e) {
            log.warn("the connection holding lock {} is lost: {}", name, e.getMessage());
            return false;
        }
    }

    /** Lets the lock go by ending its connection (also when that connection is dead already). */
    @Override
    public void close() {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException e) {
            log.debug("closing the connection of lock {}: {}", name, e.getMessage());
        }
    }
}

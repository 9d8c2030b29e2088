package io.omniline.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;

/**
 * jOOQ's connections, taken from the pool through the {@link ConnectionGate}; with a network
 * timeout, each connection gives up on a server that stops answering (JDBC's network timeout,
 * the socket timeout of that connection only; the pool resets it when the connection returns).
 */
final class GatedConnections implements ConnectionProvider {

    private final DataSource pool;
    private final ConnectionGate gate;
    private final int networkTimeoutMillis;

    /** @param networkTimeoutMillis 0 for the driver's unlimited wait */
    GatedConnections(DataSource pool, ConnectionGate gate, int networkTimeoutMillis) {
        this.pool = pool;
        this.gate = gate;
        this.networkTimeoutMillis = networkTimeoutMillis;
    }

    @Override
    public Connection acquire() {
        gate.enter();
        try {
            Connection connection = pool.getConnection();
            if (networkTimeoutMillis > 0) {
                try {
                    connection.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
                } catch (SQLException e) {
                    connection.close();
                    throw e;
                }
            }
            return connection;
        } catch (SQLException e) {
            gate.leave();
            throw new DataAccessException("no database connection: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            gate.leave();
            throw e;
        }
    }

    @Override
    public void release(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new DataAccessException("the database connection did not close: " + e.getMessage(), e);
        } finally {
            gate.leave();
        }
    }
}

package io.omniline.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** A pooled connection to Omniline's PostgreSQL database and the jOOQ context over it. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final DSLContext dsl;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
    }

    /**
     * Opens the pool and checks that the server answers.
     *
     * @throws DatabaseUnavailableException when no connection can be made within the connect timeout
     */
    public static Database connect(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("omniline");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(Math.max(1, settings.connectTimeout().toMillis()));
        try {
            return new Database(new HikariDataSource(config));
        } catch (HikariPool.PoolInitializationException e) {
            throw new DatabaseUnavailableException(settings.jdbcUrl(), rootCause(e));
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** The pool, for metrics binding. */
    public HikariDataSource pool() {
        return dataSource;
    }

    /** Runs the Flyway migrations; safe to call on every start. */
    public void migrate() {
        Migrations.migrate(dataSource);
    }

    /** Asks the server for a trivial answer within the timeout; used by health checks. */
    public boolean answersWithin(Duration timeout) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}

package io.omniline.db.lock;

import com.zaxxer.hikari.HikariDataSource;
import io.omniline.db.Database;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where a node takes the {@link AdvisoryLock}s it holds for long (one per Asterisk server it
 * follows): each on a connection of its own, opened as the pool opens its connections but never
 * pooled, so a held lock takes no connection from the queries and a lost connection is a lost lock.
 */
public final class AdvisoryLocks {

    private final DataSource dedicated;

    public AdvisoryLocks(DataSource dedicated) {
        this.dedicated = dedicated;
    }

    /** Locks on connections to the database {@code database}'s pool connects to, with its user. */
    public static AdvisoryLocks beside(Database database) {
        HikariDataSource pool = database.pool();
        PGSimpleDataSource dedicated = new PGSimpleDataSource();
        dedicated.setURL(pool.getJdbcUrl());
        dedicated.setUser(pool.getUsername());
        dedicated.setPassword(pool.getPassword());
        int seconds = (int) Math.max(1, pool.getConnectionTimeout() / 1000);
        dedicated.setConnectTimeout(seconds);
        dedicated.setLoginTimeout(seconds);
        dedicated.setApplicationName("omniline-lock");
        return new AdvisoryLocks(dedicated);
    }

    /** @see AdvisoryLock#tryTake */
    public Optional<AdvisoryLock> tryTake(String name) throws SQLException {
        return AdvisoryLock.tryTake(dedicated, name);
    }
}

package io.omniline.server;

import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.embedded.EmbeddedPostgresServer;
import io.omniline.runtime.Lifecycle;
import io.omniline.server.config.OmnilineConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database Omniline runs on: the configured PostgreSQL, or with no URL configured an
 * embedded one whose data directory survives restarts. Migrated to the current schema on open.
 */
public final class DataStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DataStore.class);

    private final Lifecycle parts;
    private final Database database;

    private DataStore(Lifecycle parts, Database database) {
        this.parts = parts;
        this.database = database;
    }

    public static DataStore open(OmnilineConfig.Database config) {
        Lifecycle parts = new Lifecycle("database");
        return parts.assemble(() -> {
            DatabaseSettings settings;
            if (config.useEmbedded()) {
                OmnilineConfig.Embedded e = config.embedded();
                EmbeddedPostgresServer embedded = parts.open(
                        "embedded PostgreSQL",
                        () -> EmbeddedPostgresServer.start(Path.of(e.dataDir()).toAbsolutePath(), e.port(), false));
                embedded.ensureDatabase(e.database());
                settings = new DatabaseSettings(
                        embedded.jdbcUrl(e.database()),
                        embedded.user(),
                        embedded.password(),
                        config.poolSize(),
                        Duration.ofSeconds(config.connectTimeoutSeconds()));
            } else {
                settings = new DatabaseSettings(
                        config.url(),
                        config.user(),
                        config.password(),
                        config.poolSize(),
                        Duration.ofSeconds(config.connectTimeoutSeconds()));
            }
            Database database = parts.open("connection pool", () -> Database.connect(settings));
            database.migrate();
            log.info("database ready: {}", settings.jdbcUrl());
            return new DataStore(parts, database);
        });
    }

    public Database database() {
        return database;
    }

    /** Closes the pool, then stops the embedded PostgreSQL when there is one. */
    @Override
    public void close() {
        parts.stop();
    }
}

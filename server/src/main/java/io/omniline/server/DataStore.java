package io.omniline.server;

import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.embedded.EmbeddedPostgresServer;
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

    private final EmbeddedPostgresServer embedded;
    private final Database database;

    private DataStore(EmbeddedPostgresServer embedded, Database database) {
        this.embedded = embedded;
        this.database = database;
    }

    public static DataStore open(OmnilineConfig.Database config) {
        EmbeddedPostgresServer embedded = null;
        DatabaseSettings settings;
        if (config.useEmbedded()) {
            OmnilineConfig.Embedded e = config.embedded();
            embedded = EmbeddedPostgresServer.start(Path.of(e.dataDir()).toAbsolutePath(), e.port(), false);
            embedded.ensureDatabase(e.database());
            settings = new DatabaseSettings(embedded.jdbcUrl(e.database()), embedded.user(), embedded.password(), config.poolSize(),
                    Duration.ofSeconds(config.connectTimeoutSeconds()));
        } else {
            settings = new DatabaseSettings(config.url(), config.user(), config.password(), config.poolSize(),
                    Duration.ofSeconds(config.connectTimeoutSeconds()));
        }
        try {
            Database database = Database.connect(settings);
            database.migrate();
            log.info("database ready: {}", settings.jdbcUrl());
            return new DataStore(embedded, database);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}

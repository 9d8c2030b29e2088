package io.omniline.db.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries packaged on the classpath, for a machine
 * with no PostgreSQL installed. Its data directory survives restarts unless asked otherwise.
 * It runs until {@link #close()}: whoever starts it stops it, after everything that uses it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on 127.0.0.1.
     *
     * @param dataDirectory where the cluster lives; created and initialised when empty
     * @param port the port to listen on, or 0 for any free port
     * @param wipe start from an empty cluster (tests), or keep what the directory holds
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean wipe) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(wipe)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Throwaway clusters need no durability; a persistent one keeps PostgreSQL's defaults.
                    .setServerConfig("fsync", wipe ? "off" : "on")
                    .setServerConfig("synchronous_commit", wipe ? "off" : "on")
                    .setServerConfig("full_page_writes", wipe ? "off" : "on")
                    .setServerConfig("max_connections", "300")
                    // The owner stops it, last: a hook of its own would stop PostgreSQL at SIGTERM
                    // while Omniline still finishes calls and writes (issue 12, item 10).
                    .setRegisterShutdownHook(false);
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            log.info("embedded PostgreSQL listening on 127.0.0.1:{}, data in {}", postgres.getPort(), dataDirectory);
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String user() {
        return SUPERUSER;
    }

    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + databaseName;
    }

    /** Creates the database unless it is there already. */
    public void ensureDatabase(String databaseName) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, databaseName);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + databaseName.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + databaseName, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}

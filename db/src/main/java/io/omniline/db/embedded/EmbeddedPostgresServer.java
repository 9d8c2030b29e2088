package io.omniline.db.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>It trusts nobody: every connection, TCP or local socket, must give the superuser's
 * password with scram-sha-256. A new cluster gets a generated password from initdb; a cluster
 * made before this (which trusted every local connection) is given one on its next start, while
 * it still trusts us, and then stops trusting. The password is kept in the data directory (0600).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String SUPERUSER = "postgres";
    private static final String PG_HBA = """
            # Written by Omniline at every start of its embedded PostgreSQL: every connection must give
            # the superuser password kept beside this file in omniline-password (scram-sha-256).
            local   all   all                   scram-sha-256
            host    all   all   127.0.0.1/32    scram-sha-256
            host    all   all   ::1/128         scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts PostgreSQL on 127.0.0.1.
     *
     * @param dataDirectory where the cluster lives; created and initialised when empty
     * @param port the port to listen on, or 0 for any free port
     * @param wipe start from an empty cluster (tests), or keep what the directory holds
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean wipe) {
        Path initdbPassword = null;
        try {
            Files.createDirectories(dataDirectory);
            boolean fresh = wipe || !Files.exists(dataDirectory.resolve("postgresql.conf"));
            boolean trusting = !fresh && !SuperuserPassword.isKept(dataDirectory);
            String password = fresh || trusting ? SuperuserPassword.generate() : SuperuserPassword.read(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(wipe)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Throwaway clusters need no durability; a persistent one keeps PostgreSQL's defaults.
                    .setServerConfig("fsync", wipe ? "off" : "on")
                    .setServerConfig("synchronous_commit", wipe ? "off" : "on")
                    .setServerConfig("full_page_writes", wipe ? "off" : "on")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setConnectConfig("password", password)
                    // The owner stops it, last: a hook of its own would stop PostgreSQL at SIGTERM
                    // while Omniline still finishes calls and writes (issue 12, item 10).
                    .setRegisterShutdownHook(false)
                    .setDataDirectoryCustomizer(directory -> {
                        if (fresh) {
                            SuperuserPassword.keep(directory.toPath(), password);
                        }
                        if (!trusting) {
                            writePgHba(directory.toPath());
                        }
                    });
            if (fresh) {
                // The builder's extra initdb options ride on its locale options, which it passes as --name=value.
                initdbPassword = SuperuserPassword.forInitdb(password);
                builder.setLocaleConfig("pwfile", initdbPassword.toString());
            }
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            if (trusting) {
                try {
                    stopTrusting(postgres, dataDirectory, password);
                } catch (RuntimeException | IOException e) {
                    postgres.close();
                    throw e;
                }
            }
            log.info("embedded PostgreSQL listening on 127.0.0.1:{}, data in {}", postgres.getPort(), dataDirectory);
            return new EmbeddedPostgresServer(postgres, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
        } finally {
            deleteQuietly(initdbPassword);
        }
    }

    /**
     * A cluster made when every local connection was trusted: the superuser gets the password
     * (while trust still lets us in), it is kept, and pg_hba.conf is rewritten and reloaded.
     * Interrupted anywhere, the next start finds either no kept password (and does this again)
     * or the kept one already set.
     */
    private static void stopTrusting(EmbeddedPostgres postgres, Path dataDirectory, String password)
            throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            // A generated password of letters and digits only: nothing in it needs quoting.
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
            SuperuserPassword.keep(dataDirectory, password);
            writePgHba(dataDirectory);
            statement.execute("SELECT pg_reload_conf()");
            log.info(
                    "the embedded PostgreSQL in {} no longer trusts local connections; its password is in {}",
                    dataDirectory,
                    dataDirectory.resolve(SuperuserPassword.FILE));
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot set a password on the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    private static void writePgHba(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + dataDirectory, e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete the temporary password file {}: {}", file, e.getMessage());
        }
    }

    /**
     * The superuser password a server started in {@code dataDirectory} keeps there, for another
     * process on this machine that connects to that server (the benchmark beside its node).
     */
    public static String keptPassword(Path dataDirectory) {
        return SuperuserPassword.read(dataDirectory);
    }

    public int port() {
        return postgres.getPort();
    }

    public String user() {
        return SUPERUSER;
    }

    /** The superuser's password, which every connection must give. */
    public String password() {
        return password;
    }

    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + databaseName;
    }

    /** Creates the database unless it is there already. */
    public void ensureDatabase(String databaseName) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (PreparedStatement exists =
                    connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
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

package io.omniline.db;

import java.time.Duration;
import java.util.Objects;

/** Where the database is and how many connections Omniline may hold to it. */
public record DatabaseSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout) {

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** Hides the password so settings can be logged. */
    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}

package io.omniline.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings a database to the schema this build expects. */
public final class Migrations {

    private Migrations() {}

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}

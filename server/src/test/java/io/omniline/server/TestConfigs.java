package io.omniline.server;

import io.omniline.db.DatabaseSettings;
import io.omniline.server.config.OmnilineConfig;

/** Configuration for a server under test: the given database, and free ports for HTTP and FastAGI. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static OmnilineConfig forDatabase(DatabaseSettings settings) {
        OmnilineConfig defaults = OmnilineConfig.defaults();
        return new OmnilineConfig(
                new OmnilineConfig.Http("127.0.0.1", 0),
                new OmnilineConfig.Database(settings.jdbcUrl(), settings.user(), settings.password(), 4, 5,
                        defaults.database().embedded()),
                defaults.identity(),
                defaults.ivr(),
                new OmnilineConfig.Agi("127.0.0.1", 0, 30));
    }
}

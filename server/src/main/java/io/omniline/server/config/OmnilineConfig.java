package io.omniline.server.config;

/**
 * Everything Omniline reads at start. The defaults run on one machine with nothing installed;
 * see the README's configuration reference for each key and its environment variable.
 */
public record OmnilineConfig(Http http, Database database, Identity identity) {

    public static OmnilineConfig defaults() {
        return new OmnilineConfig(
                new Http("127.0.0.1", 8080),
                new Database(null, null, null, 10, 5, new Embedded("data/postgres", 0, "omniline")),
                new Identity("US"));
    }

    /** The agent desktop, admin pages, REST API, /health and /metrics. */
    public record Http(String host, int port) {
    }

    /**
     * @param url a JDBC URL of an existing PostgreSQL; when empty Omniline runs its own embedded one
     * @param connectTimeoutSeconds how long to wait for the database at start before giving up
     */
    public record Database(String url, String user, String password, int poolSize, int connectTimeoutSeconds,
                           Embedded embedded) {

        public boolean useEmbedded() {
            return url == null || url.isBlank();
        }
    }

    /**
     * @param dataDir where the embedded cluster keeps its files; kept across restarts
     * @param port 0 picks any free port on 127.0.0.1
     */
    public record Embedded(String dataDir, int port, String database) {
    }

    /** @param defaultRegion ISO region for phone numbers that arrive without a country code */
    public record Identity(String defaultRegion) {
    }
}

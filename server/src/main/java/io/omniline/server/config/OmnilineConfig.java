package io.omniline.server.config;

import io.omniline.ivr.model.ExampleFlows;
import io.omniline.ivr.run.FlowInterpreter;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything Omniline reads at start. The defaults run on one machine with nothing installed;
 * see the README's configuration reference for each key and its environment variable.
 */
public record OmnilineConfig(Http http, Database database, Identity identity, Ivr ivr, Agi agi, Ami ami) {

    public static OmnilineConfig defaults() {
        return new OmnilineConfig(
                new Http("127.0.0.1", 8080),
                new Database(null, null, null, 10, 5, new Embedded("data/postgres", 0, "omniline")),
                new Identity("US"),
                new Ivr(String.join(",", new TreeSet<>(ExampleFlows.PROMPTS)), String.join(",", new TreeSet<>(ExampleFlows.QUEUES)),
                        FlowInterpreter.DEFAULT_STEP_LIMIT, true, "support"),
                new Agi("127.0.0.1", 4573, 120),
                new Ami(true, "127.0.0.1", 5038, "omniline", "omniline", 5, 20, 30));
    }

    /**
     * The Asterisk Manager Interface Omniline follows calls, queues and agents on (asterisk-conf's
     * manager.conf has the matching user).
     *
     * @param pingSeconds how often the connection is proved alive
     * @param maxBackoffSeconds the longest wait between reconnect attempts
     */
    public record Ami(boolean enabled, String host, int port, String username, String secret, int timeoutSeconds,
                      int pingSeconds, int maxBackoffSeconds) {

        /** Hides the secret so the configuration can be logged. */
        @Override
        public String toString() {
            return "Ami[enabled=" + enabled + ", host=" + host + ", port=" + port + ", username=" + username + "]";
        }
    }

    /**
     * The FastAGI server Asterisk's dialplan calls with {@code AGI(agi://host:port/ivr)}.
     *
     * @param idleTimeoutSeconds how long Asterisk may stay silent (longer than the longest prompt)
     */
    public record Agi(String host, int port, int idleTimeoutSeconds) {
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

    /**
     * @param prompts the prompt catalogue flows are checked against, comma-separated; empty skips the check
     * @param queues the Asterisk queues flows may use, comma-separated; empty skips the check
     * @param stepLimit how many steps one call may take through the IVR before it is stopped
     * @param installExamples on a database with no flows, install and publish the example flows
     * @param fallbackQueue where a caller goes when no flow can run (no route, a failing flow, a lost database)
     */
    public record Ivr(String prompts, String queues, int stepLimit, boolean installExamples, String fallbackQueue) {

        public Set<String> promptSet() {
            return names(prompts);
        }

        public Set<String> queueSet() {
            return names(queues);
        }

        private static Set<String> names(String list) {
            if (list == null || list.isBlank()) {
                return null;
            }
            Set<String> names = new TreeSet<>();
            for (String name : list.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
            return names;
        }
    }
}

package io.omniline.bench.node;

import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.Repositories;
import io.omniline.db.account.AccountRepository;
import io.omniline.db.account.AccountRole;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.embedded.EmbeddedPostgresServer;
import io.omniline.server.auth.PasswordHasher;
import io.omniline.server.config.ConfigLoader;
import io.omniline.server.config.OmnilineConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The product under test, as {@code ./omniline run} runs it: the server in a JVM of its own on its
 * database (the configured one; with none, the embedded PostgreSQL in the configured data
 * directory, started by the node itself), with the shipped flows. The benchmark plays the peers
 * (Asterisk's AMI, the mailbox), connects to the node's database beside it (to pick customers to
 * call as and to read what the node stored), and signs in to its API as an admin of its own.
 *
 * <p>What differs from a default {@code ./omniline run}, all through the node's own configuration
 * keys: free ports; AMI and mail pointed at the peers, the mailbox nudged every second (see
 * {@code email.pollSeconds} below); bcrypt cost 4 (so hundreds of agent accounts are made and
 * signed in quickly; signing in is not measured); the chat gateway's per-visitor and per-address
 * limits raised (every visitor comes from 127.0.0.1); the SMS webhook given a secret.
 */
public final class BenchNode implements AutoCloseable {

    private static final String ADMIN = "bench-admin";
    private static final String ADMIN_PASSWORD = "bench-admin-password";
    public static final String AGENT_PASSWORD = "bench-agent-password";
    private static final String WEBHOOK_SECRET = "bench-webhook-secret-0123456789";

    private final Peers peers;
    private final NodeProcess process;
    private final Database database;
    private final StaffApi admin;
    private final int httpPort;
    private final int agiPort;
    private final int chatPort;
    private final Map<String, Long> agents = new HashMap<>();

    private BenchNode(
            Peers peers,
            NodeProcess process,
            Database database,
            StaffApi admin,
            int httpPort,
            int agiPort,
            int chatPort) {
        this.peers = peers;
        this.process = process;
        this.database = database;
        this.admin = admin;
        this.httpPort = httpPort;
        this.agiPort = agiPort;
        this.chatPort = chatPort;
    }

    /**
     * @param configFile the file the benchmark was given, passed on unchanged (null for none)
     * @param profile a directory for a JFR recording and a GC log of the node, or null
     */
    public static BenchNode start(OmnilineConfig config, Path configFile, Path log, Path profile) throws Exception {
        Peers peers = Peers.start();
        NodeProcess process = null;
        Database database = null;
        try {
            List<Integer> ports = ListeningPorts.free(4);
            int http = ports.get(0);
            int agi = ports.get(1);
            int chat = ports.get(2);
            int postgres = ports.get(3);
            process = NodeProcess.start(
                    configFile,
                    environment(config, peers, http, agi, chat, postgres),
                    profiling(profile),
                    log,
                    http,
                    List.of(agi, chat));
            System.err.println("bench: node up (pid " + process.pid() + ", log " + log + ")");
            peers.awaitAmiLogin();
            database = Database.connect(databaseOf(config, postgres));
            ensureAdmin(database.repositories().accounts());
            return new BenchNode(
                    peers, process, database, StaffApi.signIn(http, ADMIN, ADMIN_PASSWORD), http, agi, chat);
        } catch (Exception e) {
            if (database != null) {
                database.close();
            }
            if (process != null) {
                process.close();
            }
            peers.close();
            throw e;
        }
    }

    private static Map<String, String> environment(
            OmnilineConfig config, Peers peers, int http, int agi, int chat, int postgres) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("http.host", "127.0.0.1");
        keys.put("http.port", http);
        keys.put("agi.host", "127.0.0.1");
        keys.put("agi.port", agi);
        keys.put("chat.enabled", true);
        keys.put("chat.host", "127.0.0.1");
        keys.put("chat.port", chat);
        keys.put("chat.maxConnectionsPerAddress", 20_000);
        keys.put("chat.messagesPerSecond", 1_000);
        keys.put("chat.burst", 1_000);
        keys.put("chat.addressMessagesPerSecond", 1_000_000);
        keys.put("chat.addressBurst", 1_000_000);
        keys.put("chat.addressChatsPerMinute", 1_000_000);
        keys.put("chat.addressChatBurst", 1_000_000);
        // The database the benchmark was configured with, whether it came from the file, the
        // environment or (in tests) was made in code.
        OmnilineConfig.Database database = config.database();
        if (database.useEmbedded()) {
            keys.put(
                    "database.embedded.dataDir",
                    Path.of(database.embedded().dataDir()).toAbsolutePath());
            keys.put("database.embedded.database", database.embedded().database());
            keys.put("database.embedded.port", postgres);
        } else {
            keys.put("database.url", database.url());
            if (database.user() != null) {
                keys.put("database.user", database.user());
            }
            if (database.password() != null) {
                keys.put("database.password", database.password());
            }
        }
        keys.put("database.poolSize", database.poolSize());
        keys.put("ami.enabled", true);
        keys.put("ami.host", "127.0.0.1");
        keys.put("ami.port", peers.asterisk().port());
        keys.put("ami.username", Peers.AMI_USER);
        keys.put("ami.secret", Peers.AMI_SECRET);
        keys.put("auth.bcryptCost", 4);
        keys.put("email.enabled", true);
        keys.put("email.imapHost", "127.0.0.1");
        keys.put("email.imapPort", peers.imapPort());
        keys.put("email.username", Peers.MAILBOX);
        keys.put("email.password", Peers.MAILBOX_PASSWORD);
        keys.put("email.smtpHost", "127.0.0.1");
        keys.put("email.smtpPort", peers.smtpPort());
        keys.put("email.address", Peers.MAILBOX);
        keys.put("email.idle", true);
        // GreenMail does not announce, when the node's IDLE starts, mail that came in during its last
        // fetch; the node then finds it at its next nudge, every email.pollSeconds (60 by default).
        keys.put("email.pollSeconds", 1);
        keys.put("sms.webhookSecret", WEBHOOK_SECRET);
        Map<String, String> environment = new LinkedHashMap<>();
        keys.forEach((key, value) -> environment.put(ConfigLoader.environmentName(key), String.valueOf(value)));
        return environment;
    }

    private static List<String> profiling(Path profile) throws IOException {
        if (profile == null) {
            return List.of();
        }
        Path absolute = Files.createDirectories(profile.toAbsolutePath());
        return List.of(
                "-XX:StartFlightRecording=filename=" + absolute.resolve("node.jfr")
                        + ",settings=profile,dumponexit=true",
                "-Xlog:gc*,safepoint:file=" + absolute.resolve("node-gc.log") + ":time,uptime,level,tags");
    }

    private static DatabaseSettings databaseOf(OmnilineConfig config, int embeddedPort) {
        OmnilineConfig.Database db = config.database();
        Duration connect = Duration.ofSeconds(Math.max(5, db.connectTimeoutSeconds()));
        return db.useEmbedded()
                ? new DatabaseSettings(
                        "jdbc:postgresql://127.0.0.1:" + embeddedPort + "/"
                                + db.embedded().database(),
                        "postgres",
                        EmbeddedPostgresServer.keptPassword(
                                Path.of(db.embedded().dataDir()).toAbsolutePath()),
                        4,
                        connect)
                : new DatabaseSettings(db.url(), db.user(), db.password(), 4, connect);
    }

    /** An admin of the benchmark's own, so a database whose admin password nobody here knows works too. */
    private static void ensureAdmin(AccountRepository accounts) {
        if (accounts.credentials(ADMIN).isEmpty()) {
            accounts.create(ADMIN, new PasswordHasher(4).hash(ADMIN_PASSWORD), AccountRole.admin, null, "bench");
        }
    }

    /**
     * Agents {@code prefix-001} … with accounts, made through the admin API (or found, when an earlier
     * run on this database made them), members of the queues; their SIP interfaces are
     * {@code PJSIP/<login>}.
     *
     * @return agent ids by SIP interface, in order
     */
    public Map<String, Long> agents(String prefix, int count, Map<String, Integer> queues)
            throws IOException, InterruptedException {
        Map<String, Long> made = new LinkedHashMap<>();
        AgentRepository repository = database.repositories().agents();
        for (int i = 1; i <= count; i++) {
            String login = String.format(Locale.ROOT, "%s-%03d", prefix, i);
            String sipInterface = "PJSIP/" + login;
            Long id = agents.get(login);
            if (id == null) {
                HttpResponse<String> response =
                        admin.createAgent(login, "Bench Agent " + i, sipInterface, queues, AGENT_PASSWORD);
                if (response.statusCode() == 201) {
                    id = StaffApi.json(response.body()).path("agent").path("id").asLong();
                } else {
                    id = repository
                            .findByLogin(login)
                            .orElseThrow(() -> new IllegalStateException("agent " + login + " was not made: "
                                    + response.statusCode() + " " + response.body()))
                            .id();
                }
                agents.put(login, id);
            }
            made.put(sipInterface, id);
        }
        return made;
    }

    public int httpPort() {
        return httpPort;
    }

    public int agiPort() {
        return agiPort;
    }

    public int chatPort() {
        return chatPort;
    }

    public Peers peers() {
        return peers;
    }

    public StaffApi admin() {
        return admin;
    }

    public String webhookSecret() {
        return WEBHOOK_SECRET;
    }

    /** The node's database, as the node sees it (for seeding, and to read what it stored). */
    public Repositories repositories() {
        return database.repositories();
    }

    public long residentBytes() {
        return process.residentBytes();
    }

    public Path log() {
        return process.log();
    }

    @Override
    public void close() throws Exception {
        try {
            database.close();
            process.close();
        } finally {
            peers.close();
        }
    }
}

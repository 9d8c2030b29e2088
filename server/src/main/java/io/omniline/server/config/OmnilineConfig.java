package io.omniline.server.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.ivr.run.FlowInterpreter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything Omniline reads at start. The defaults run on one machine with nothing installed;
 * see the README's configuration reference for each key and its environment variable.
 */
public record OmnilineConfig(
        Http http,
        Database database,
        Identity identity,
        Ivr ivr,
        Agi agi,
        Ami ami,
        Chat chat,
        Digital digital,
        Email email,
        Sms sms,
        Auth auth,
        Softphone softphone,
        Reports reports,
        Callbacks callbacks,
        Voicemail voicemail) {

    @JsonCreator
    public OmnilineConfig {}

    /** Without the callback and voicemail sections: their defaults. */
    public OmnilineConfig(
            Http http,
            Database database,
            Identity identity,
            Ivr ivr,
            Agi agi,
            Ami ami,
            Chat chat,
            Digital digital,
            Email email,
            Sms sms,
            Auth auth,
            Softphone softphone,
            Reports reports) {
        this(
                http,
                database,
                identity,
                ivr,
                agi,
                ami,
                chat,
                digital,
                email,
                sms,
                auth,
                softphone,
                reports,
                Callbacks.DEFAULTS,
                Voicemail.DEFAULTS);
    }

    public static OmnilineConfig defaults() {
        return new OmnilineConfig(
                new Http("127.0.0.1", 8080, null, null, false),
                new Database(null, null, null, 20, 5, new Embedded("data/postgres", 0, "omniline")),
                new Identity("US"),
                new Ivr(
                        String.join(",", new TreeSet<>(ExampleFlows.QUEUES)),
                        FlowInterpreter.DEFAULT_STEP_LIMIT,
                        true,
                        "support",
                        400,
                        null,
                        null,
                        50),
                new Agi("127.0.0.1", 4573, 120, 0, 5),
                new Ami(true, "127.0.0.1", 5038, "omniline", "omniline", 5, 20, 30, 60),
                new Chat(true, "127.0.0.1", 8089, "chat", null, 4_000, 2, 10, 20, 60, 50, 600, 10, 20, 120, 10, 5, 5),
                new Digital(60, 2),
                new Email(
                        false,
                        "127.0.0.1",
                        143,
                        false,
                        null,
                        null,
                        "INBOX",
                        "127.0.0.1",
                        25,
                        false,
                        null,
                        null,
                        null,
                        "email",
                        60,
                        true,
                        10L * 1024 * 1024,
                        50L * 1024 * 1024),
                new Sms(false, "127.0.0.1", 2775, null, null, "", null, 30, null, "sms", 30),
                new Auth(12, 24, 15, 12, null, 5, 20, 15),
                new Softphone(null, null, null, null),
                new Reports("UTC", 5, 20, 7),
                Callbacks.DEFAULTS,
                Voicemail.DEFAULTS);
    }

    /**
     * Reports and their measures.
     *
     * @param timeZone the contact center's time zone (IANA name): intervals start on its clock
     * @param shortAbandonSeconds callers who hang up in the queue sooner than this are short abandons, listed apart
     *     and left out of the service level
     * @param serviceLevelSeconds a contact answered within this wait counts toward the service level
     * @param fcrDays a contact is resolved at first contact when the customer makes no new contact within this many days
     * @param surveys satisfaction surveys after email and SMS conversations
     * @param dailyEmail the interval report mailed every day
     * @param rollupSeconds how often the quarter-hour roll-ups long reports read are brought up to date
     */
    public record Reports(
            String timeZone,
            int shortAbandonSeconds,
            int serviceLevelSeconds,
            int fcrDays,
            Surveys surveys,
            DailyEmail dailyEmail,
            int rollupSeconds) {

        public static final int ROLLUP_SECONDS = 30;

        @JsonCreator
        public Reports {}

        /** With the roll-ups' default. */
        public Reports(
                String timeZone,
                int shortAbandonSeconds,
                int serviceLevelSeconds,
                int fcrDays,
                Surveys surveys,
                DailyEmail dailyEmail) {
            this(timeZone, shortAbandonSeconds, serviceLevelSeconds, fcrDays, surveys, dailyEmail, ROLLUP_SECONDS);
        }

        /** With the surveys', the daily mail's and the roll-ups' defaults. */
        public Reports(String timeZone, int shortAbandonSeconds, int serviceLevelSeconds, int fcrDays) {
            this(timeZone, shortAbandonSeconds, serviceLevelSeconds, fcrDays, Surveys.DEFAULTS, DailyEmail.OFF);
        }
    }

    /**
     * Yesterday's interval report (per queue and per channel, CSV attached), mailed every day over
     * the email channel's SMTP.
     *
     * @param to the address it goes to; empty: not mailed
     * @param at the time of day (HH:MM) in {@code reports.timeZone} from which it is sent
     */
    public record DailyEmail(String to, String at) {
        public static final DailyEmail OFF = new DailyEmail(null, "06:00");
    }

    /**
     * Satisfaction surveys after email (a rating link in a follow-up mail) and SMS (a question
     * answered by one digit).
     *
     * @param publicUrl the web server's address as customers reach it, for the rating link; empty:
     *     {@code http://<http.host>:<http.port>}, which only suits a node customers reach directly
     * @param linkDays how long a rating link works
     * @param smsReplyHours how long after the question a text of one digit 1–5 is taken as its answer
     * @param questionRetrySeconds the wait after SMTP or the SMSC refused a rating mail or text; it
     *     doubles with each further try, up to half an hour
     * @param questionHours how long after the conversation closed a refused rating mail or text is
     *     still tried; after that it is given up (and no longer counts as offered)
     * @param asteriskCommentDirectory where Asterisk writes the comments callers record after a call's
     *     survey, as Asterisk's host names it (Asterisk must be able to write there); empty: a survey's
     *     comment node records nothing
     * @param commentDirectory the same folder as this node sees it (the folder itself on Asterisk's
     *     host, or a read-only mount or copy); empty: comments are recorded but cannot be played here
     */
    public record Surveys(
            String publicUrl,
            int linkDays,
            int smsReplyHours,
            int questionRetrySeconds,
            int questionHours,
            String asteriskCommentDirectory,
            String commentDirectory) {

        /** Asterisk's own folder for recordings, which a stock install creates and may write to. */
        public static final String ASTERISK_MONITOR = "/var/spool/asterisk/monitor";

        public static final Surveys DEFAULTS = new Surveys(null, 7, 24, 30, 24, ASTERISK_MONITOR, null);

        @JsonCreator
        public Surveys {}

        /** With the comment folders' defaults. */
        public Surveys(String publicUrl, int linkDays, int smsReplyHours, int questionRetrySeconds, int questionHours) {
            this(publicUrl, linkDays, smsReplyHours, questionRetrySeconds, questionHours, ASTERISK_MONITOR, null);
        }
    }

    /**
     * Callbacks callers ask for in the IVR, placed through AMI when an agent of the queue is free.
     *
     * @param everySeconds how often due callbacks are looked at
     * @param maxAttempts calls to the customer before a callback fails
     * @param retryMinutes the wait after the first unanswered call; it doubles with each further one (at most an hour)
     * @param agentRingSeconds how long the agent's phone rings before the callback goes to another agent
     */
    public record Callbacks(int everySeconds, int maxAttempts, int retryMinutes, int agentRingSeconds) {

        public static final Callbacks DEFAULTS = new Callbacks(5, 3, 10, 20);
    }

    /**
     * Voicemail messages callers leave, played from the agent desktop.
     *
     * @param spoolDirectory Asterisk's voicemail spool as this host sees it ({@code /var/spool/asterisk/voicemail}
     *     on Asterisk's host, or a mount or copy of it); empty: messages are recorded but cannot be played here
     */
    public record Voicemail(String spoolDirectory) {

        public static final Voicemail DEFAULTS = new Voicemail(null);
    }

    /**
     * The WebRTC softphone in the agent desktop (JsSIP registered to Asterisk's WSS transport).
     *
     * @param webSocketUrls Asterisk's SIP-over-WebSocket address(es), comma-separated, e.g.
     *     {@code wss://pbx.example.com:8443/ws}; empty turns the softphone off (agents keep desk
     *     phones). The pages' Content-Security-Policy lets them connect to exactly these.
     * @param sipDomain the domain of the agents' SIP addresses ({@code sip:1002@domain}); empty takes
     *     the host of the first WebSocket URL
     * @param stunServers STUN URLs the browser gathers its public address from, comma-separated;
     *     empty when agents and Asterisk share a network
     * @param credentialKey base64 of 32 random bytes that seal the agents' SIP passwords in the
     *     database; empty lets no softphone password be stored
     */
    public record Softphone(String webSocketUrls, String sipDomain, String stunServers, String credentialKey) {

        /** Hides the key so the configuration can be logged. */
        @Override
        public String toString() {
            return "Softphone[webSocketUrls=" + webSocketUrls + ", sipDomain=" + sipDomain + ", stunServers="
                    + stunServers + ", credentialKey=" + (credentialKey != null && !credentialKey.isBlank()) + "]";
        }
    }

    /**
     * Web accounts and sessions.
     *
     * @param sessionHours a session unused this long ends
     * @param sessionMaxHours a session ends this long after its login, however busy
     * @param sessionPurgeMinutes how often ended sessions and old login failures are deleted
     * @param bcryptCost work factor of password hashes (each step doubles the time)
     * @param adminPassword the first start's admin password; empty makes a random one, printed once
     * @param maxFailuresPerLoginAndAddress failed logins allowed for one login from one client address within
     *     {@code failureWindowMinutes}
     * @param maxFailuresPerAddress failed logins allowed from one client address, whatever the login, within the window
     */
    public record Auth(
            int sessionHours,
            int sessionMaxHours,
            int sessionPurgeMinutes,
            int bcryptCost,
            String adminPassword,
            int maxFailuresPerLoginAndAddress,
            int maxFailuresPerAddress,
            int failureWindowMinutes) {

        @Override
        public String toString() {
            return "Auth[sessionHours=" + sessionHours + ", sessionMaxHours=" + sessionMaxHours + ", bcryptCost="
                    + bcryptCost + "]";
        }
    }

    /**
     * The customer-facing chat gateway and its widget ({@code http://host:port/widget.js}).
     *
     * @param tokenSecret the key visitor tokens are signed with; empty makes one and keeps it in the
     *     database, so every node and every restart accepts the same tokens
     * @param messagesPerSecond per socket, with {@code burst} at once; per visitor address
     *     {@code addressMessagesPerSecond} with {@code addressBurst}
     * @param addressChatsPerMinute new chats one visitor address may start, with {@code addressChatBurst} at once
     * @param abandonAfterSeconds a chat waiting for an agent whose visitor has been gone this long ends as abandoned
     * @param verifyCodeMinutes how long a one-time code proving a visitor's phone or email may be typed back
     * @param verifyMaxTries how many times one code may be tried
     * @param verifyCodesPerHour how many codes one phone or address gets in an hour
     */
    public record Chat(
            boolean enabled,
            String host,
            int port,
            String queue,
            String tokenSecret,
            int maxMessageChars,
            double messagesPerSecond,
            int burst,
            double addressMessagesPerSecond,
            int addressBurst,
            int maxConnectionsPerAddress,
            int idleTimeoutSeconds,
            double addressChatsPerMinute,
            int addressChatBurst,
            int abandonAfterSeconds,
            int verifyCodeMinutes,
            int verifyMaxTries,
            int verifyCodesPerHour) {

        @Override
        public String toString() {
            return "Chat[enabled=" + enabled + ", host=" + host + ", port=" + port + ", queue=" + queue + "]";
        }
    }

    /**
     * Routing of chats, emails and SMS to agents.
     *
     * @param offerTimeoutSeconds an offer nobody accepts goes back to the queue after this long
     * @param routeEverySeconds how often waiting conversations are matched with free agents anyway
     */
    public record Digital(int offerTimeoutSeconds, int routeEverySeconds) {}

    /**
     * One support mailbox, read over IMAP (IDLE, polling as a fallback) and answered over SMTP.
     *
     * @param address the From of replies
     * @param maxAttachmentBytes larger attachments are recorded by name and size, not stored
     * @param maxMessageBytes larger messages are recorded from their headers, not downloaded; they stay in the mailbox
     */
    public record Email(
            boolean enabled,
            String imapHost,
            int imapPort,
            boolean imapTls,
            String username,
            String password,
            String folder,
            String smtpHost,
            int smtpPort,
            boolean smtpTls,
            String smtpUsername,
            String smtpPassword,
            String address,
            String queue,
            int pollSeconds,
            boolean idle,
            long maxAttachmentBytes,
            long maxMessageBytes) {

        @Override
        public String toString() {
            return "Email[enabled=" + enabled + ", imap=" + imapHost + ":" + imapPort + ", username=" + username + "]";
        }
    }

    /**
     * SMS over an SMPP 3.4 bind to the carrier, and/or the signed JSON webhook at /webhooks/sms.
     *
     * @param webhookSecret the HMAC key providers sign webhook posts with; empty turns the webhook off
     * @param sessionWindowMinutes texts from one number with less than this between them form one session
     */
    public record Sms(
            boolean smppEnabled,
            String smppHost,
            int smppPort,
            String systemId,
            String password,
            String systemType,
            String sourceAddress,
            int enquireLinkSeconds,
            String webhookSecret,
            String queue,
            int sessionWindowMinutes) {

        @Override
        public String toString() {
            return "Sms[smppEnabled=" + smppEnabled + ", smpp=" + smppHost + ":" + smppPort + ", systemId=" + systemId
                    + ", webhook=" + (webhookSecret != null && !webhookSecret.isBlank()) + "]";
        }
    }

    /**
     * The Asterisk Manager Interface Omniline follows calls, queues and agents on (asterisk-conf's
     * manager.conf has the matching user).
     *
     * @param pingSeconds how often the connection is proved alive
     * @param maxBackoffSeconds the longest wait between reconnect attempts
     * @param reconcileSeconds how often open calls are compared with the channels Asterisk has
     *     (also after every login)
     */
    public record Ami(
            boolean enabled,
            String host,
            int port,
            String username,
            String secret,
            int timeoutSeconds,
            int pingSeconds,
            int maxBackoffSeconds,
            int reconcileSeconds,
            List<Server> servers) {

        /** The name of the one Asterisk server the keys directly under {@code ami} describe. */
        public static final String DEFAULT_SERVER = "default";

        @JsonCreator
        public Ami {
            servers = servers == null ? List.of() : List.copyOf(servers);
        }

        /** One Asterisk server, described by the keys directly under {@code ami}. */
        public Ami(
                boolean enabled,
                String host,
                int port,
                String username,
                String secret,
                int timeoutSeconds,
                int pingSeconds,
                int maxBackoffSeconds,
                int reconcileSeconds) {
            this(
                    enabled,
                    host,
                    port,
                    username,
                    secret,
                    timeoutSeconds,
                    pingSeconds,
                    maxBackoffSeconds,
                    reconcileSeconds,
                    List.of());
        }

        /**
         * The Asterisk servers to follow: those of {@code ami.servers}, each key it leaves out taken
         * from {@code ami}; with no list, one server named {@value #DEFAULT_SERVER} from {@code ami}'s keys.
         *
         * @throws ConfigException when a server has no name, a name twice, or a name that is not a plain word
         */
        public List<Server> serverList() {
            if (servers.isEmpty()) {
                return List.of(new Server(
                        DEFAULT_SERVER,
                        host,
                        port,
                        username,
                        secret,
                        timeoutSeconds,
                        pingSeconds,
                        maxBackoffSeconds,
                        reconcileSeconds));
            }
            Set<String> names = new HashSet<>();
            List<Server> complete = new ArrayList<>();
            for (Server server : servers) {
                if (server.name() == null || !server.name().matches("[a-z0-9][a-z0-9_-]{0,62}")) {
                    throw new ConfigException(
                            "each of ami.servers needs a name of lowercase letters, digits, '-' or '_' " + "(got "
                                    + (server.name() == null ? "none" : "'" + server.name() + "'") + ")");
                }
                if (!names.add(server.name())) {
                    throw new ConfigException("ami.servers names '" + server.name() + "' twice");
                }
                complete.add(new Server(
                        server.name(),
                        or(server.host(), host),
                        or(server.port(), port),
                        or(server.username(), username),
                        or(server.secret(), secret),
                        or(server.timeoutSeconds(), timeoutSeconds),
                        or(server.pingSeconds(), pingSeconds),
                        or(server.maxBackoffSeconds(), maxBackoffSeconds),
                        or(server.reconcileSeconds(), reconcileSeconds)));
            }
            return complete;
        }

        private static <T> T or(T value, T otherwise) {
            return value == null ? otherwise : value;
        }

        /** Hides the secret so the configuration can be logged. */
        @Override
        public String toString() {
            return "Ami[enabled=" + enabled + ", host=" + host + ", port=" + port + ", username=" + username
                    + ", servers=" + servers + "]";
        }

        /**
         * One Asterisk server of {@code ami.servers}; a key left out (null) is taken from {@code ami}.
         *
         * @param name names the server in logs and on the calls it carries, and picks its lock: keep it
         *     when the host changes
         */
        public record Server(
                String name,
                String host,
                Integer port,
                String username,
                String secret,
                Integer timeoutSeconds,
                Integer pingSeconds,
                Integer maxBackoffSeconds,
                Integer reconcileSeconds) {

            /** Hides the secret so the configuration can be logged. */
            @Override
            public String toString() {
                return "Server[name=" + name + ", host=" + host + ", port=" + port + ", username=" + username + "]";
            }
        }
    }

    /**
     * The FastAGI server Asterisk's dialplan calls with {@code AGI(agi://host:port/ivr)}.
     *
     * @param idleTimeoutSeconds how long Asterisk may stay silent (longer than the longest prompt)
     * @param maxConnections connections open at once, more are closed at once (Asterisk's dialplan
     *     then routes the caller); 0 follows the process's open-file limit, less 1,024 for the rest
     * @param environmentTimeoutSeconds how long a new connection has to send its whole environment block
     */
    public record Agi(
            String host, int port, int idleTimeoutSeconds, int maxConnections, int environmentTimeoutSeconds) {}

    /**
     * The agent desktop, admin pages, REST API, /health and /metrics.
     *
     * @param publicOrigins the origins (scheme://host[:port]) browsers reach this server at, comma-separated;
     *     empty means this machine's own address at {@code port} (127.0.0.1 and localhost when it is loopback)
     * @param trustedProxies addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For,
     *     X-Forwarded-Proto and Forwarded headers are believed, comma-separated; empty believes nobody's
     * @param secureCookies mark the session cookie Secure on every answer (a TLS proxy in front); without it
     *     the cookie is Secure only when the request came over HTTPS or a trusted proxy says it did
     */
    public record Http(String host, int port, String publicOrigins, String trustedProxies, boolean secureCookies) {

        /** Only the address and port; everything else as by default. */
        public Http(String host, int port) {
            this(host, port, null, null, false);
        }
    }

    /**
     * @param url a JDBC URL of an existing PostgreSQL; when empty Omniline runs its own embedded one
     * @param connectTimeoutSeconds how long to wait for the database at start before giving up
     */
    public record Database(
            String url, String user, String password, int poolSize, int connectTimeoutSeconds, Embedded embedded) {

        public boolean useEmbedded() {
            return url == null || url.isBlank();
        }
    }

    /**
     * @param dataDir where the embedded cluster keeps its files; kept across restarts
     * @param port 0 picks any free port on 127.0.0.1
     */
    public record Embedded(String dataDir, int port, String database) {}

    /** @param defaultRegion ISO region for phone numbers that arrive without a country code */
    public record Identity(String defaultRegion) {}

    /**
     * The IVR. Which prompts exist is not configured: it is the prompt catalogue (the shipped
     * prompts and admins' uploads).
     *
     * @param queues the Asterisk queues flows may use, comma-separated; empty skips the check
     * @param stepLimit how many steps one call may take through the IVR before it is stopped
     * @param installExamples on a database with no flows, install and publish the example flows; on
     *     one with flows but no "survey", install and publish the shipped survey
     * @param fallbackQueue where a caller goes when no flow can run (no route, a failing flow, a lost database)
     * @param databaseBudgetMillis how long a caller may wait on the database in all, over the whole
     *     call; past it the caller goes to the fallback queue and the call is stored when the database answers
     * @param soundsDirectory Asterisk's sounds directory when Asterisk runs on this host
     *     (/var/lib/asterisk/sounds): every prompt is written there; empty when Asterisk runs elsewhere
     * @param promptSyncToken the shared secret asterisk-conf/sync-prompts.sh sends to fetch the
     *     prompts for an Asterisk on another host; empty turns /prompts/sync off
     * @param promptUploadMiB the largest recording file an admin may upload as a prompt (the rest of
     *     the API reads at most 8 MiB)
     */
    public record Ivr(
            String queues,
            int stepLimit,
            boolean installExamples,
            String fallbackQueue,
            int databaseBudgetMillis,
            String soundsDirectory,
            String promptSyncToken,
            int promptUploadMiB) {

        public Ivr {
            if (promptUploadMiB < 1 || promptUploadMiB > 1024) {
                throw new ConfigException("ivr.promptUploadMiB must be from 1 to 1024 (MiB), was " + promptUploadMiB);
            }
        }

        /** Hides the sync token so the configuration can be logged. */
        @Override
        public String toString() {
            return "Ivr[queues=" + queues + ", stepLimit=" + stepLimit + ", fallbackQueue=" + fallbackQueue
                    + ", soundsDirectory=" + soundsDirectory + ", promptSync="
                    + (promptSyncToken != null && !promptSyncToken.isBlank()) + "]";
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

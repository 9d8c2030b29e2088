package io.omniline.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.omniline.bridge.DigitalNode;
import io.omniline.bridge.channels.email.EmailSettings;
import io.omniline.bridge.channels.email.SmtpMailer;
import io.omniline.customers.link.LinkTokens;
import io.omniline.db.Database;
import io.omniline.db.Repositories;
import io.omniline.db.flow.DialledNumbers;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.lock.AdvisoryLocks;
import io.omniline.db.notify.NodeBus;
import io.omniline.runtime.Lifecycle;
import io.omniline.server.api.ApiJson;
import io.omniline.server.auth.PasswordHasher;
import io.omniline.server.auth.WebSessions;
import io.omniline.server.config.ConfigException;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.server.config.UnsafeDefaults;
import io.omniline.server.flows.FlowService;
import io.omniline.server.prompts.PromptConverter;
import io.omniline.server.prompts.PromptService;
import io.omniline.server.prompts.SoundsDirectory;
import io.omniline.server.reports.ReportRollupSchedule;
import io.omniline.server.reports.ReportService;
import io.omniline.server.reports.ReportSettings;
import io.omniline.server.reports.daily.DailyReportMail;
import io.omniline.server.reports.daily.DailyReportSchedule;
import io.omniline.server.workspace.DesktopHub;
import io.omniline.server.workspace.Pops;
import io.omniline.telephony.TelephonyNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Omniline node, the composition root: the database, the metrics, the sign-in
 * sessions and desktops' pushes, then the nodes of the system (telephony, the digital
 * channels, the web) on one {@link Lifecycle}, started in that order and stopped in reverse.
 * Stopping in reverse loses nothing and logs no database error: no new requests, chats or
 * calls first; the callers already in the IVR are handed on; AMI stores the call updates it
 * queued; the desktops' pushes finish; the database (and an embedded PostgreSQL) stops last.
 */
public final class Omniline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Omniline.class);
    /** Signs the links an agent's customer search hands out; shared by every node. */
    private static final String LINK_SECRET = "customer-link";
    /** The longest recording an admin may upload as a prompt. */
    private static final Duration LONGEST_PROMPT = Duration.ofMinutes(5);
    /** How long a query on a caller's path may wait for the server's next bytes before the connection is dropped. */
    private static final Duration CALLER_NETWORK_TIMEOUT = Duration.ofSeconds(10);

    private final Lifecycle lifecycle;
    private final DataStore dataStore;
    private final PrometheusMeterRegistry registry;
    private final TelephonyNode telephony;
    private final DigitalNode digital;
    private final WebNode web;

    private Omniline(
            Lifecycle lifecycle,
            DataStore dataStore,
            PrometheusMeterRegistry registry,
            TelephonyNode telephony,
            DigitalNode digital,
            WebNode web) {
        this.lifecycle = lifecycle;
        this.dataStore = dataStore;
        this.registry = registry;
        this.telephony = telephony;
        this.digital = digital;
        this.web = web;
    }

    public static Omniline start(OmnilineConfig config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts a node whose IVR reads {@code callerClock} for opening hours and step times, so a test
     * can call during business hours whatever the hour it runs at.
     */
    public static Omniline start(OmnilineConfig config, Clock callerClock) throws Exception {
        return start(config, callerClock, Clock.systemUTC());
    }

    /**
     * The same with the supervisor's floor reading {@code floorClock} for "now" and "today" (in
     * reports.timeZone), so a test can show an agent's day whatever the hour it runs at.
     */
    public static Omniline start(OmnilineConfig config, Clock callerClock, Clock floorClock) throws Exception {
        UnsafeDefaults.refuse(config);
        WebNode.Settings webSettings = NodeSettings.web(config);
        TelephonyNode.Settings telephonySettings = NodeSettings.telephony(config);
        AtomicInteger webPort = new AtomicInteger();
        DigitalNode.Settings digitalSettings = NodeSettings.digital(config, webPort::get);
        Lifecycle lifecycle = new Lifecycle("Omniline");
        return lifecycle.assemble(() -> {
            DataStore dataStore = lifecycle.open("database", () -> DataStore.open(config.database()));
            PrometheusMeterRegistry registry =
                    lifecycle.open("metrics", NodeMetrics::new).registry();
            dataStore.database().pool().setMetricRegistry(registry);
            Database database = dataStore.database();
            Repositories repositories = database.repositories();

            PasswordHasher hasher = new PasswordHasher(config.auth().bcryptCost());
            WebSessions sessions =
                    lifecycle.open("sign-in sessions", () -> WebSessions.start(config, database, hasher, System.out));
            LinkTokens links = new LinkTokens(
                    repositories.sharedSecrets().getOrCreate(LINK_SECRET), Duration.ofMinutes(30), Clock.systemUTC());
            Pops pops = new Pops(repositories, links);
            NodeBus bus = lifecycle.open("node bus", () -> NodeBus.start(database));
            DesktopHub desktops =
                    lifecycle.open("desktop pushes", () -> new DesktopHub(repositories, bus, pops, ApiJson.mapper()));

            TelephonyNode telephony = new TelephonyNode(
                    telephonySettings,
                    database,
                    database.repositories(CALLER_NETWORK_TIMEOUT),
                    AdvisoryLocks.beside(database),
                    desktops,
                    callerClock,
                    registry);
            PromptService prompts = prompts(config.ivr(), repositories);
            FlowService flows = flowService(config, repositories, telephony, prompts);
            if (config.ivr().installExamples()) {
                flows.installExamples("omniline");
            }
            lifecycle.start(telephony);
            DigitalNode digital = lifecycle.start(new DigitalNode(
                    digitalSettings, database, telephony.callbackRequests()::request, desktops, bus, registry));
            WebNode web = lifecycle.start(new WebNode(
                    webSettings,
                    config,
                    database,
                    new WebNode.Workspace(sessions, hasher, desktops, pops, links),
                    flows,
                    prompts,
                    telephony,
                    digital,
                    registry,
                    floorClock));
            webPort.set(web.port());
            lifecycle.open("report roll-ups", () -> reportRollups(config, database, registry));
            String dailyTo = config.reports().dailyEmail().to();
            if (dailyTo != null && !dailyTo.isBlank()) {
                lifecycle.open("daily report mail", () -> dailyReport(config, digitalSettings.email(), repositories));
            }
            log.info(
                    "Omniline is up: http://{}:{}/health, FastAGI on {}:{}, AMI {}, chat {}",
                    config.http().host(),
                    web.port(),
                    config.agi().host(),
                    telephony.agiPort(),
                    config.ami().enabled()
                            ? "to "
                                    + config.ami().serverList().stream()
                                            .map(server -> server.name() + " " + server.host() + ":" + server.port())
                                            .toList()
                            : "off",
                    digital.chatPort()
                            .map(port -> "http://" + config.chat().host() + ":" + port + "/widget.js")
                            .orElse("off"));
            return new Omniline(lifecycle, dataStore, registry, telephony, digital, web);
        });
    }

    private static ReportRollupSchedule reportRollups(
            OmnilineConfig config, Database database, PrometheusMeterRegistry registry) {
        if (config.reports().rollupSeconds() < 1) {
            throw new ConfigException("reports.rollupSeconds: must be 1 or more");
        }
        return new ReportRollupSchedule(
                        database.reportRollup(), ReportSettings.from(config.reports()), Clock.systemUTC(), registry)
                .start(Duration.ofSeconds(config.reports().rollupSeconds()));
    }

    private static DailyReportSchedule dailyReport(
            OmnilineConfig config, EmailSettings email, Repositories repositories) {
        OmnilineConfig.DailyEmail daily = config.reports().dailyEmail();
        if (email == null) {
            throw new ConfigException(
                    "reports.dailyEmail.to is mailed over the email channel's SMTP: set email.enabled and its smtp keys");
        }
        if (!SmtpMailer.isAddress(daily.to().strip())) {
            throw new ConfigException("reports.dailyEmail.to: " + daily.to() + " is not an email address");
        }
        LocalTime at;
        try {
            at = LocalTime.parse(daily.at());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new ConfigException("reports.dailyEmail.at: " + daily.at() + " is not a time of day like 06:00");
        }
        ReportSettings settings = ReportSettings.from(config.reports());
        ReportService reports =
                new ReportService(repositories.reports(), repositories.agents(), settings, Clock.systemUTC());
        return new DailyReportSchedule(
                        new DailyReportMail(
                                reports, new SmtpMailer(email), daily.to().strip()),
                        repositories.reportDeliveries(),
                        at,
                        settings.zone(),
                        Clock.systemUTC())
                .start(Duration.ofMinutes(1));
    }

    /** Flows are validated against the prompt catalogue as it is at that moment. */
    private static FlowService flowService(
            OmnilineConfig config, Repositories repositories, TelephonyNode telephony, PromptService prompts) {
        return new FlowService(
                repositories.flows(),
                repositories.ivrPaths(),
                telephony.publishedFlows(),
                prompts::names,
                config.ivr().queueSet(),
                config.ivr().stepLimit(),
                new DialledNumbers(new IdentityNormalizer(config.identity().defaultRegion())));
    }

    /**
     * The prompt catalogue, with the shipped prompts installed, and Asterisk's sounds directory
     * brought up to date when Asterisk runs on this host.
     */
    private static PromptService prompts(OmnilineConfig.Ivr config, Repositories repositories) {
        Optional<SoundsDirectory> asterisk =
                config.soundsDirectory() == null || config.soundsDirectory().isBlank()
                        ? Optional.empty()
                        : Optional.of(new SoundsDirectory(Path.of(config.soundsDirectory())));
        PromptService prompts = new PromptService(
                repositories.prompts(), repositories.flows(), new PromptConverter(LONGEST_PROMPT), asterisk);
        prompts.installShippedAndSync();
        return prompts;
    }

    public int httpPort() {
        return web.port();
    }

    /** The chat gateway's port; empty when chat is off. */
    public Optional<Integer> chatPort() {
        return digital.chatPort();
    }

    /** The files the API is receiving uploads into now; one left after its call is answered is a leak. */
    public List<Path> uploadsBeingReceived() {
        return web.uploads().files();
    }

    public int agiPort() {
        return telephony.agiPort();
    }

    /** The metrics as /metrics serves them. */
    public String scrape() {
        return registry.scrape();
    }

    public DataStore dataStore() {
        return dataStore;
    }

    /** Stops the nodes in reverse order of starting (see the class comment for why that order). */
    @Override
    public void close() {
        log.info("Omniline is stopping");
        lifecycle.stop();
        log.info("Omniline stopped");
    }
}

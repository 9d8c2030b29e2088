package io.omniline.server;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.Database;
import io.omniline.db.Repositories;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.flow.DialledNumbers;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.notify.Notifications;
import io.omniline.bridge.desk.CallbackRequester;
import io.omniline.db.ConflictException;
import io.omniline.server.api.AdminApi;
import io.omniline.server.api.CallApi;
import io.omniline.server.api.CustomerApi;
import io.omniline.server.customers.LinkTokens;
import io.omniline.server.api.PhoneApi;
import io.omniline.server.api.ApiJson;
import io.omniline.server.auth.AuthHandler;
import io.omniline.server.auth.Authenticator;
import io.omniline.server.auth.PasswordHasher;
import io.omniline.server.auth.WebSessions;
import io.omniline.server.accounts.AccountChanges;
import io.omniline.server.accounts.QueueExit;
import io.omniline.server.config.UnsafeDefaults;
import io.omniline.server.api.DigitalApi;
import io.omniline.server.desktop.DesktopHub;
import io.omniline.server.desktop.DesktopSocket;
import io.omniline.server.desktop.Pops;
import io.omniline.server.digital.DigitalChannels;
import io.omniline.server.reports.ReportApi;
import io.omniline.server.reports.ReportService;
import io.omniline.server.reports.ReportSettings;
import io.omniline.server.supervisor.FloorAgents;
import io.omniline.server.supervisor.FloorApi;
import io.omniline.server.supervisor.LiveFeed;
import io.omniline.server.supervisor.Supervision;
import io.omniline.server.presence.AgentStates;
import io.omniline.server.supervisor.QueueBoards;
import io.omniline.server.http.SmsWebhookHandler;
import io.omniline.server.http.WebApp;
import io.omniline.server.callbacks.CallbackApi;
import io.omniline.server.softphone.SoftphoneApi;
import io.omniline.server.voicemail.VoicemailApi;
import io.omniline.server.voicemail.VoicemailStore;
import io.omniline.server.softphone.SoftphoneSettings;
import io.omniline.server.softphone.Softphones;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.callbacks.CallbackSettings;
import io.omniline.telephony.control.CallControl;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import io.omniline.server.api.FlowApi;
import io.omniline.server.api.PromptApi;
import io.omniline.server.prompts.PromptConverter;
import io.omniline.server.prompts.PromptService;
import io.omniline.server.prompts.PromptSyncHandler;
import io.omniline.server.prompts.SoundsDirectory;
import io.omniline.server.api.JsonApiHandler;
import io.omniline.server.api.StaticJsonHandler;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.server.flows.FlowService;
import io.omniline.telephony.agi.FastAgiServer;
import io.omniline.telephony.TelephonyAmi;
import io.omniline.telephony.ami.AmiSupervisor;
import io.omniline.telephony.calls.CallWorker;
import io.omniline.telephony.live.LiveModelStatus;
import io.omniline.telephony.flows.PublishedFlows;
import io.omniline.telephony.ivr.IvrAgiScript;
import io.omniline.telephony.ivr.IvrCallHandler;
import io.omniline.telephony.live.LiveState;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import io.omniline.server.http.HealthHandler;
import io.omniline.server.http.HttpServer;
import io.omniline.server.http.MetricsHandler;
import io.omniline.server.http.WebRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Optional;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Omniline node: database, metrics and HTTP, started in order and closed in reverse. */
public final class Omniline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Omniline.class);
    /** Signs the links an agent's customer search hands out; shared by every node. */
    private static final String LINK_SECRET = "customer-link";
    /** The longest recording an admin may upload as a prompt. */
    private static final Duration LONGEST_PROMPT = Duration.ofMinutes(5);
    /** How long a query on a caller's path may wait for the server's next bytes before the connection is dropped. */
    private static final Duration CALLER_NETWORK_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a node trusts which version a number or flow name leads to without hearing of a
     * change: the bound on a change missed while its listener was reconnecting.
     */
    private static final Duration FLOW_RECHECK = Duration.ofSeconds(10);

    private final DataStore dataStore;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final HttpServer http;
    private final FastAgiServer agi;
    private final TelephonyAmi ami;
    private final DigitalChannels digital;
    private final DesktopHub desktops;
    private final LiveFeed wallboard;
    private final WebSessions sessions;
    private final Notifications flowChanges;

    private Omniline(DataStore dataStore, PrometheusMeterRegistry registry, JvmGcMetrics gcMetrics, HttpServer http,
                     FastAgiServer agi, TelephonyAmi ami, DigitalChannels digital, DesktopHub desktops,
                     LiveFeed wallboard, WebSessions sessions, Notifications flowChanges) {
        this.flowChanges = flowChanges;
        this.dataStore = dataStore;
        this.registry = registry;
        this.gcMetrics = gcMetrics;
        this.http = http;
        this.agi = agi;
        this.ami = ami;
        this.digital = digital;
        this.desktops = desktops;
        this.wallboard = wallboard;
        this.sessions = sessions;
    }

    public static Omniline start(OmnilineConfig config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts a node whose IVR reads {@code callerClock} for opening hours and step times, so a test
     * can call during business hours whatever the hour it runs at.
     */
    public static Omniline start(OmnilineConfig config, Clock callerClock) throws Exception {
        UnsafeDefaults.refuse(config);
        HttpServer.Settings web = new HttpServer.Settings(config.http().host(), config.http().port(),
                config.http().publicOrigins(), config.http().trustedProxies());
        SoftphoneSettings softphone = SoftphoneSettings.from(config.softphone());
        ReportSettings reportSettings = ReportSettings.from(config.reports());
        DataStore dataStore = DataStore.open(config.database());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        dataStore.database().pool().setMetricRegistry(registry);

        Database database = dataStore.database();
        Repositories repositories = database.repositories();
        Repositories callers = database.repositories(CALLER_NETWORK_TIMEOUT);
        PublishedFlows published = new PublishedFlows(callers.flows(), dialledNumbers(config), FLOW_RECHECK,
                Clock.systemUTC());
        PromptService prompts = prompts(config.ivr(), repositories);
        FlowService flows = flowService(config, repositories, published, prompts);
        if (config.ivr().installExamples()) {
            flows.installExamplesIfEmpty("omniline");
        }
        PasswordHasher hasher = new PasswordHasher(config.auth().bcryptCost());
        WebSessions sessions = WebSessions.start(config, database, hasher, System.out);
        Authenticator authenticator = sessions.authenticator();

        LinkTokens linkTokens = new LinkTokens(repositories.sharedSecrets().getOrCreate(LINK_SECRET), Duration.ofMinutes(30),
                Clock.systemUTC());
        Pops pops = new Pops(repositories, linkTokens);
        DesktopHub desktops = new DesktopHub(database, pops, ApiJson.mapper());
        TelephonyAmi ami = config.ami().enabled() ? ami(config, repositories, desktops, registry) : null;
        LiveState live = ami == null ? new LiveState(Clock.systemUTC()) : ami.live();
        Supplier<LiveModelStatus> liveModel = ami == null
                ? () -> LiveModelStatus.incomplete("Omniline does not follow Asterisk (ami.enabled is false)") : ami::status;
        CallControl control = ami == null ? null : new CallControl(ami.link()::send, repositories.interactions());
        DigitalChannels digital;
        try {
            digital = DigitalChannels.start(config, database, callbacks(control, repositories), desktops, registry);
        } catch (Exception e) {
            closeQuietly(ami);
            desktops.close();
            sessions.close();
            dataStore.close();
            throw e;
        }

        List<WebRoute> routes = new ArrayList<>();
        routes.add(new WebRoute("/auth/*", new AuthHandler(authenticator, ApiJson.mapper(), sessions.cookies()),
                AuthHandler.MAX_BODY));
        routes.add(WebRoute.withoutBody("/", new WebApp(softphone.webSocketUrls())));
        routes.add(WebRoute.withoutBody("/health", new HealthHandler(dataStore.database(), ami, ApiJson.mapper())));
        routes.add(WebRoute.withoutBody("/metrics", new MetricsHandler(registry)));
        routes.add(WebRoute.withoutBody("/api/openapi.json", new StaticJsonHandler("/api/openapi.json")));
        digital.smsWebhook().ifPresent(webhook -> routes.add(
                new WebRoute("/webhooks/sms", new SmsWebhookHandler(webhook), SmsWebhookHandler.MAX_BODY)));
        if (config.ivr().promptSyncToken() != null && !config.ivr().promptSyncToken().isBlank()) {
            routes.add(WebRoute.withoutBody(PromptSyncHandler.PATH,
                    new PromptSyncHandler(prompts, config.ivr().promptSyncToken())));
        }
        List<Route> api = new ArrayList<>(new FlowApi(flows).routes());
        api.addAll(new PromptApi(prompts).routes());
        api.addAll(new DigitalApi(digital.desk(), digital.router(), repositories, pops).routes());
        QueueExit queueExit = new QueueExit(control, live);
        api.addAll(new AdminApi(repositories, database.transactions(), hasher,
                new AccountChanges(repositories, database.transactions(), sessions.sockets(), digital.router(), queueExit))
                .routes());
        api.addAll(new CallApi(repositories, pops, wrapUpSaved(ami, repositories)).routes());
        api.addAll(new ReportApi(new ReportService(repositories.reports(), repositories.agents(), reportSettings,
                Clock.systemUTC())).routes());
        api.addAll(new CustomerApi(repositories, new IdentityNormalizer(config.identity().defaultRegion()), linkTokens, pops).routes());
        api.addAll(new PhoneApi(repositories, control, live).routes());
        api.addAll(new SoftphoneApi(new Softphones(softphone, repositories)).routes());
        api.addAll(new CallbackApi(repositories).routes());
        String spool = config.voicemail().spoolDirectory();
        api.addAll(new VoicemailApi(repositories, new VoicemailStore(spool == null || spool.isBlank() ? null : Path.of(spool)))
                .routes());
        QueueBoards boards = new QueueBoards(live::queues, repositories.serviceLevels(), Clock.systemDefaultZone(),
                Duration.ofSeconds(5));
        api.add(Route.of("GET", "/api/live/queues", Roles.EVERYONE, request -> ApiResponse.ok(boards.get())));
        AgentStates agentStates = new AgentStates(repositories, live, liveModel, Clock.systemUTC());
        FloorAgents floor = new FloorAgents(repositories, agentStates, Clock.systemDefaultZone(), Duration.ofSeconds(1),
                Duration.ofSeconds(10));
        api.addAll(new FloorApi(agentStates, floor, new Supervision(repositories, control, live, desktops, queueExit)).routes());
        routes.add(new WebRoute("/api/*", new JsonApiHandler(api, authenticator, ApiJson.mapper()), JsonApiHandler.MAX_BODY));
        LiveFeed wallboard = new LiveFeed(boards, liveModel, floor, ApiJson.mapper(), Duration.ofMillis(500));
        HttpServer http = new HttpServer(web, routes,
                Map.of(DesktopSocket.PATH, DesktopSocket.creator(desktops, authenticator, sessions.sockets()),
                        LiveFeed.PATH, wallboard.creator(authenticator, sessions.sockets())), registry);
        FastAgiServer agi;
        try {
            http.start();
            agi = fastAgi(config, callers, published, live, callerClock, registry);
        } catch (Exception e) {
            http.close();
            wallboard.close();
            digital.close();
            closeQuietly(ami);
            desktops.close();
            sessions.close();
            dataStore.close();
            throw e;
        }
        log.info("Omniline is up: http://{}:{}/health, FastAGI on {}:{}, AMI {}, chat {}", config.http().host(), http.port(),
                config.agi().host(), agi.port(), config.ami().enabled()
                        ? "to " + config.ami().host() + ":" + config.ami().port() : "off",
                digital.chatPort().map(port -> "http://" + config.chat().host() + ":" + port + "/widget.js").orElse("off"));
        Notifications flowChanges = database.listen(FlowRepository.CHANGES,
                change -> published.forget());
        return new Omniline(dataStore, registry, gcMetrics, http, agi, ami, digital, desktops, wallboard, sessions,
                flowChanges);
    }

    /** A chat, email or SMS turned into a phone call rings the agent who asked, through Asterisk. */
    private static CallbackRequester callbacks(CallControl control, Repositories repositories) {
        AgentRepository agents = repositories.agents();
        return (interaction, number) -> {
            if (control == null) {
                throw new ConflictException("callbacks need the Asterisk Manager Interface (ami.enabled)");
            }
            String agentInterface = interaction.agentId() == null ? null
                    : agents.findById(interaction.agentId()).map(agent -> agent.sipInterface()).orElse(null);
            try {
                control.originateCallback(interaction.id(), number, interaction.queueName(), agentInterface);
            } catch (AmiException e) {
                throw new ConflictException("Asterisk did not take the callback: " + e.getMessage(), e);
            }
        };
    }

    /** A saved wrap-up ends the agent's wrap-up in the state log (this node's AMI feed decides what follows). */
    private static java.util.function.Consumer<io.omniline.db.interaction.Interaction> wrapUpSaved(TelephonyAmi ami,
                                                                                              Repositories repositories) {
        AgentRepository agents = repositories.agents();
        return call -> {
            if (ami != null && call.agentId() != null) {
                agents.findById(call.agentId()).map(agent -> agent.sipInterface()).filter(java.util.Objects::nonNull)
                        .ifPresent(ami.agentStates()::wrapUpSaved);
            }
        };
    }

    private static void closeQuietly(TelephonyAmi ami) {
        if (ami != null) {
            ami.close();
        }
    }

    /**
     * The call tracker's database work takes at most half the pool, so callers in the IVR always
     * find a connection; each attempt gets {@link #CALL_WORK_DEADLINE}.
     */
    private static TelephonyAmi ami(OmnilineConfig config, Repositories repositories, DesktopHub desktops, MeterRegistry registry) {
        OmnilineConfig.Ami ami = config.ami();
        AmiSupervisor.Settings connection = new AmiSupervisor.Settings(ami.host(), ami.port(), ami.username(), ami.secret(),
                Duration.ofSeconds(ami.timeoutSeconds()), Duration.ofSeconds(ami.pingSeconds()), Duration.ofSeconds(1),
                Duration.ofSeconds(ami.maxBackoffSeconds()));
        CallWorker.Settings work = new CallWorker.Settings(Math.max(1, config.database().poolSize() / 2), CALL_WORK_LIMIT,
                CALL_WORK_DEADLINE, Duration.ofMillis(200), Duration.ofSeconds(5));
        OmnilineConfig.Callbacks callbacks = config.callbacks();
        CallbackSettings placing = new CallbackSettings(Duration.ofSeconds(callbacks.everySeconds()),
                Duration.ofMinutes(callbacks.retryMinutes()), Duration.ofHours(1),
                Duration.ofSeconds(callbacks.agentRingSeconds()),
                Duration.ofSeconds(callbacks.agentRingSeconds()).plus(CALLBACK_CUSTOMER_RING).plusMinutes(1),
                Duration.ofSeconds(30));
        return TelephonyAmi.start(new TelephonyAmi.Settings(connection, Duration.ofSeconds(ami.reconcileSeconds()), work,
                        Duration.ofSeconds(10)),
                repositories.interactions(), repositories.agents(), repositories.agentStateLog(), repositories.callbacks(),
                placing, desktops, Clock.systemUTC(), registry);
    }

    /** How long [omniline-dial-customer] rings the customer (its Dial() timeout in asterisk-conf/extensions.conf). */
    static final Duration CALLBACK_CUSTOMER_RING = Duration.ofSeconds(45);

    /** Longest one database attempt of the call tracker may take before it is cut and tried again. */
    static final Duration CALL_WORK_DEADLINE = Duration.ofSeconds(5);
    /** Call updates that may wait for the database at once (about 10,000 calls' worth). */
    static final int CALL_WORK_LIMIT = 100_000;

    /**
     * Callers' database work goes through connections that give up on a hung server (the IVR's
     * budget keeps the caller from waiting; this keeps the work from waiting forever).
     */
    private static FastAgiServer fastAgi(OmnilineConfig config, Repositories callers, PublishedFlows published, LiveState live,
                                         Clock callerClock, MeterRegistry registry) throws IOException {
        IvrCallHandler.Settings settings = new IvrCallHandler.Settings(config.ivr().fallbackQueue(), config.ivr().stepLimit(),
                Duration.ofMillis(config.ivr().databaseBudgetMillis()), config.callbacks().maxAttempts());
        IvrAgiScript ivr = new IvrAgiScript(IvrCallHandler.overDatabase(callers, published,
                new IdentityNormalizer(config.identity().defaultRegion()), settings, live::queue, callerClock, registry));
        OmnilineConfig.Agi agi = config.agi();
        return FastAgiServer.start(new FastAgiServer.Settings(InetAddress.getByName(agi.host()), agi.port(),
                Duration.ofSeconds(agi.idleTimeoutSeconds()), agi.maxConnections(),
                Duration.ofSeconds(agi.environmentTimeoutSeconds()), Duration.ofMinutes(1)),
                (request, channel) -> IvrAgiScript.IVR.equals(request.getScript())
                        || IvrAgiScript.VOICEMAIL_FAILED.equals(request.getScript()) ? ivr : null, registry);
    }

    /** Flows are validated against the prompt catalogue as it is at that moment. */
    private static FlowService flowService(OmnilineConfig config, Repositories repositories, PublishedFlows published,
                                           PromptService prompts) {
        return new FlowService(repositories.flows(), repositories.ivrPaths(), published, prompts::names,
                config.ivr().queueSet(), config.ivr().stepLimit(), dialledNumbers(config));
    }

    /** Number routes are stored and looked up in the form chat and caller numbers are normalised to. */
    private static DialledNumbers dialledNumbers(OmnilineConfig config) {
        return new DialledNumbers(new IdentityNormalizer(config.identity().defaultRegion()));
    }

    /**
     * The prompt catalogue, with the shipped prompts installed, and Asterisk's sounds directory
     * brought up to date when Asterisk runs on this host.
     */
    private static PromptService prompts(OmnilineConfig.Ivr config, Repositories repositories) {
        Optional<SoundsDirectory> asterisk = config.soundsDirectory() == null || config.soundsDirectory().isBlank()
                ? Optional.empty() : Optional.of(new SoundsDirectory(Path.of(config.soundsDirectory())));
        PromptService prompts = new PromptService(repositories.prompts(), repositories.flows(),
                new PromptConverter(LONGEST_PROMPT), asterisk);
        prompts.installShippedAndSync();
        return prompts;
    }

    public int httpPort() {
        return http.port();
    }

    /** The chat gateway's port; empty when chat is off. */
    public java.util.Optional<Integer> chatPort() {
        return digital.chatPort();
    }

    public int agiPort() {
        return agi.port();
    }

    /** The metrics as /metrics serves them. */
    public String scrape() {
        return registry.scrape();
    }

    public DataStore dataStore() {
        return dataStore;
    }

    /**
     * Stops in the order that loses nothing and logs no database errors: no new calls, chats or
     * requests first; then the IVR sessions already running finish (up to {@link #AGI_GRACE});
     * AMI stops and the call updates it queued are stored; the desktops' pushes finish; the
     * database (and an embedded PostgreSQL) stops last.
     */
    @Override
    public void close() throws Exception {
        log.info("Omniline is stopping");
        try {
            agi.close();
            http.close();
            int stillInIvr = agi.awaitSessions(AGI_GRACE);
            if (stillInIvr > 0) {
                log.warn("{} callers were still in the IVR after {} s; when Omniline exits the dialplan sends them to the fallback queue",
                        stillInIvr, AGI_GRACE.toSeconds());
            }
            wallboard.close();
            digital.close();
            closeQuietly(ami);
            desktops.close();
            sessions.close();
            flowChanges.close();
        } finally {
            gcMetrics.close();
            registry.close();
            dataStore.close();
        }
        log.info("Omniline stopped");
    }

    /** How long a stop waits for callers in the IVR to be handed on. */
    static final Duration AGI_GRACE = Duration.ofSeconds(15);
}

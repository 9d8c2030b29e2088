package io.omniline.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.omniline.bridge.DigitalNode;
import io.omniline.bridge.channels.email.EmailSurveyOffers;
import io.omniline.customers.link.LinkTokens;
import io.omniline.db.Database;
import io.omniline.db.Repositories;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.runtime.Lifecycle;
import io.omniline.runtime.Service;
import io.omniline.server.accounts.AccountChanges;
import io.omniline.server.accounts.QueueExit;
import io.omniline.server.api.AdminApi;
import io.omniline.server.api.ApiJson;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.CallApi;
import io.omniline.server.api.CustomerApi;
import io.omniline.server.api.DigitalApi;
import io.omniline.server.api.JsonApiHandler;
import io.omniline.server.api.PhoneApi;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import io.omniline.server.api.StaticJsonHandler;
import io.omniline.server.audit.AuditApi;
import io.omniline.server.auth.AuthHandler;
import io.omniline.server.auth.Authenticator;
import io.omniline.server.auth.PasswordHasher;
import io.omniline.server.auth.WebSessions;
import io.omniline.server.callbacks.CallbackApi;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.server.csat.SurveyCommentApi;
import io.omniline.server.flows.FlowApi;
import io.omniline.server.flows.FlowService;
import io.omniline.server.http.BoundedRefresh;
import io.omniline.server.http.HealthHandler;
import io.omniline.server.http.HttpServer;
import io.omniline.server.http.MetricsHandler;
import io.omniline.server.http.RatingPageHandler;
import io.omniline.server.http.SmsWebhookHandler;
import io.omniline.server.http.UploadDirectory;
import io.omniline.server.http.WebApp;
import io.omniline.server.http.WebRoute;
import io.omniline.server.presence.AgentStates;
import io.omniline.server.prompts.PromptApi;
import io.omniline.server.prompts.PromptService;
import io.omniline.server.queues.QueueSettingsApi;
import io.omniline.server.reports.ReportApi;
import io.omniline.server.reports.ReportService;
import io.omniline.server.reports.ReportSettings;
import io.omniline.server.softphone.SoftphoneApi;
import io.omniline.server.softphone.SoftphoneSettings;
import io.omniline.server.softphone.Softphones;
import io.omniline.server.supervisor.AgentTimelines;
import io.omniline.server.supervisor.DigitalLoads;
import io.omniline.server.supervisor.FloorAgents;
import io.omniline.server.supervisor.FloorApi;
import io.omniline.server.supervisor.LiveFeed;
import io.omniline.server.supervisor.QueueBoards;
import io.omniline.server.supervisor.QueueMetrics;
import io.omniline.server.supervisor.QueueTiles;
import io.omniline.server.supervisor.Supervision;
import io.omniline.server.supervisor.TileThresholds;
import io.omniline.server.voicemail.VoicemailApi;
import io.omniline.server.voicemail.VoicemailStore;
import io.omniline.server.web.prompts.PromptSyncHandler;
import io.omniline.server.workspace.DesktopHub;
import io.omniline.server.workspace.DesktopSocket;
import io.omniline.server.workspace.Pops;
import io.omniline.telephony.TelephonyNode;
import io.omniline.telephony.live.LiveState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The web side of a node: Jetty with the page, the JSON API, health, metrics, the webhooks and
 * the pushes to desktops and wallboards. Started last, so every request finds telephony and
 * the digital channels running; stopped first, so no request arrives while they stop.
 */
final class WebNode implements Service {

    /** How long a scrape waits for today's queue figures before it serves the last ones, marked stale. */
    private static final Duration METRICS_WAIT = Duration.ofSeconds(2);

    private final Settings settings;
    private final OmnilineConfig config;
    private final Repositories repositories;
    private final Database database;
    private final Workspace workspace;
    private final FlowService flows;
    private final PromptService prompts;
    private final TelephonyNode telephony;
    private final DigitalNode digital;
    private final PrometheusMeterRegistry registry;
    /** The floor's "now" and "today", in the contact center's time zone (reports.timeZone). */
    private final Clock floorClock;

    private final Lifecycle lifecycle = new Lifecycle("web");
    private HttpServer http;
    private UploadDirectory uploads;

    /** Read from the configuration before anything starts, so a mistake in it stops nothing half-started. */
    record Settings(HttpServer.Settings http, SoftphoneSettings softphone, ReportSettings reports) {}

    /** What the agents' and admins' pages stand on: sign-in, password hashing, desktops' pushes and pops. */
    record Workspace(WebSessions sessions, PasswordHasher hasher, DesktopHub desktops, Pops pops, LinkTokens links) {}

    WebNode(
            Settings settings,
            OmnilineConfig config,
            Database database,
            Workspace workspace,
            FlowService flows,
            PromptService prompts,
            TelephonyNode telephony,
            DigitalNode digital,
            PrometheusMeterRegistry registry,
            Clock floorClock) {
        this.settings = settings;
        this.config = config;
        this.database = database;
        this.repositories = database.repositories();
        this.workspace = workspace;
        this.flows = flows;
        this.prompts = prompts;
        this.telephony = telephony;
        this.digital = digital;
        this.registry = registry;
        this.floorClock = floorClock.withZone(settings.reports().zone());
    }

    @Override
    public String name() {
        return "web";
    }

    @Override
    public void start() throws Exception {
        SoftphoneSettings softphone = settings.softphone();
        WebSessions sessions = workspace.sessions();
        Authenticator authenticator = sessions.authenticator();
        List<WebRoute> routes = new ArrayList<>();
        routes.add(new WebRoute(
                "/auth/*", new AuthHandler(authenticator, ApiJson.mapper(), sessions.cookies()), AuthHandler.MAX_BODY));
        routes.add(WebRoute.withoutBody("/", new WebApp(softphone.webSocketUrls())));
        routes.add(WebRoute.withoutBody("/health", new HealthHandler(database, telephony.ami(), ApiJson.mapper())));
        routes.add(WebRoute.withoutBody("/api/openapi.json", new StaticJsonHandler("/api/openapi.json")));
        routes.add(new WebRoute(
                EmailSurveyOffers.PAGE, new RatingPageHandler(digital.surveyRatings()), RatingPageHandler.MAX_BODY));
        digital.smsWebhook()
                .ifPresent(webhook -> routes.add(
                        new WebRoute("/webhooks/sms", new SmsWebhookHandler(webhook), SmsWebhookHandler.MAX_BODY)));
        if (config.ivr().promptSyncToken() != null
                && !config.ivr().promptSyncToken().isBlank()) {
            routes.add(WebRoute.withoutBody(
                    PromptSyncHandler.PATH,
                    new PromptSyncHandler(prompts, config.ivr().promptSyncToken())));
        }
        LiveState live = telephony.live();
        QueueBoards boards =
                new QueueBoards(live::queues, repositories.serviceLevels(), floorClock, Duration.ofSeconds(5));
        QueueMetrics queueMetrics = new QueueMetrics(boards, registry);
        BoundedRefresh queueFigures = lifecycle.open(
                "queue figures for /metrics",
                () -> new BoundedRefresh(
                        () -> {
                            queueMetrics.refresh();
                            return boards.todayCurrent();
                        },
                        METRICS_WAIT,
                        registry,
                        Clock.systemUTC()));
        routes.add(WebRoute.withoutBody("/metrics", new MetricsHandler(registry, queueFigures)));
        AgentStates agentStates = new AgentStates(repositories, live, telephony::liveModelStatus, Clock.systemUTC());
        FloorAgents floor =
                new FloorAgents(repositories, agentStates, floorClock, Duration.ofSeconds(1), Duration.ofSeconds(10));
        uploads = lifecycle.open("upload directory", UploadDirectory::create);
        List<Route> api = api(softphone, boards, agentStates, floor);
        JsonApiHandler apiHandler = new JsonApiHandler(api, authenticator, ApiJson.mapper(), uploads.path());
        routes.add(new WebRoute("/api/*", apiHandler, JsonApiHandler.MAX_BODY));
        // An upload route's path reads up to its own limit; every other API path keeps the small one.
        api.stream()
                .filter(route -> route.upload() != null)
                .forEach(route -> routes.add(new WebRoute(
                        route.template(),
                        apiHandler,
                        Math.toIntExact(route.upload().largestBytes()))));
        QueueTiles tiles = new QueueTiles(
                boards,
                new DigitalLoads(repositories.digitalQueue(), floorClock, Duration.ofSeconds(1)),
                telephony::liveModelStatus,
                TileThresholds.DEFAULTS);
        LiveFeed wallboard = lifecycle.open(
                "wallboard",
                () -> new LiveFeed(tiles, telephony::liveModelStatus, floor, ApiJson.mapper(), Duration.ofMillis(500)));
        http = lifecycle.open("HTTP", () -> {
            HttpServer server = new HttpServer(
                    settings.http(),
                    routes,
                    Map.of(
                            DesktopSocket.PATH,
                            DesktopSocket.creator(workspace.desktops(), authenticator, sessions.sockets()),
                            LiveFeed.PATH,
                            wallboard.creator(authenticator, sessions.sockets())),
                    registry);
            server.start();
            return server;
        });
    }

    private List<Route> api(
            SoftphoneSettings softphone, QueueBoards boards, AgentStates agentStates, FloorAgents floor) {
        LiveState live = telephony.live();
        Pops pops = workspace.pops();
        List<Route> api = new ArrayList<>(new FlowApi(flows).routes());
        api.addAll(new PromptApi(prompts, config.ivr().promptUploadMiB()).routes());
        api.addAll(new AuditApi(repositories).routes());
        api.addAll(new DigitalApi(digital.desk(), digital.router(), repositories, pops).routes());
        QueueExit queueExit = new QueueExit(telephony.control(), live);
        api.addAll(new AdminApi(
                        repositories,
                        database.transactions(),
                        workspace.hasher(),
                        new AccountChanges(
                                repositories,
                                database.transactions(),
                                workspace.sessions().sockets(),
                                digital.router(),
                                queueExit))
                .routes());
        api.addAll(new CallApi(repositories, pops, telephony::wrapUpSaved).routes());
        api.addAll(new ReportApi(new ReportService(
                        repositories.reports(), repositories.agents(), settings.reports(), Clock.systemUTC()))
                .routes());
        api.addAll(new CustomerApi(
                        repositories,
                        new IdentityNormalizer(config.identity().defaultRegion()),
                        workspace.links(),
                        pops)
                .routes());
        api.addAll(new PhoneApi(repositories, telephony.control(), live).routes());
        api.addAll(new SoftphoneApi(new Softphones(softphone, repositories)).routes());
        api.addAll(new CallbackApi(repositories).routes());
        api.addAll(new QueueSettingsApi(
                        repositories.queueSettings(),
                        flows::queues,
                        () -> repositories.agents().list().stream()
                                .flatMap(agent -> agent.queues().keySet().stream())
                                .collect(Collectors.toSet()))
                .routes());
        String spool = config.voicemail().spoolDirectory();
        api.addAll(new VoicemailApi(
                        repositories, new VoicemailStore(spool == null || spool.isBlank() ? null : Path.of(spool)))
                .routes());
        api.addAll(new SurveyCommentApi(repositories, config.reports().surveys().commentDirectory()).routes());
        api.add(Route.of("GET", "/api/live/queues", Roles.EVERYONE, request -> ApiResponse.ok(boards.get())));
        api.addAll(new FloorApi(
                        agentStates,
                        floor,
                        new Supervision(repositories, telephony.control(), live, workspace.desktops(), queueExit),
                        new AgentTimelines(repositories, agentStates, floorClock))
                .routes());
        return api;
    }

    @Override
    public void stop() {
        lifecycle.stop();
    }

    int port() {
        return http.port();
    }

    /** Where uploads are received while their calls run. */
    UploadDirectory uploads() {
        return uploads;
    }
}

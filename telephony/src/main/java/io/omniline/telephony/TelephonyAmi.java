package io.omniline.telephony;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.agent.AgentStateLog;
import io.omniline.db.callback.CallbackRepository;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.lock.AdvisoryLocks;
import io.omniline.telephony.agents.AgentStateFeed;
import io.omniline.telephony.ami.AmiAction;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.ami.AmiLink;
import io.omniline.telephony.ami.AmiList;
import io.omniline.telephony.ami.AmiOwnership;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.AmiSessionListener;
import io.omniline.telephony.ami.AmiSupervisor;
import io.omniline.telephony.ami.event.AmiEventListener;
import io.omniline.telephony.callbacks.CallbackPlacer;
import io.omniline.telephony.callbacks.CallbackSettings;
import io.omniline.telephony.callbacks.CallbackTracker;
import io.omniline.telephony.calls.CallEventListener;
import io.omniline.telephony.calls.CallEventTracker;
import io.omniline.telephony.calls.CallReconciler;
import io.omniline.telephony.calls.CallUpdates;
import io.omniline.telephony.calls.CallWorker;
import io.omniline.telephony.live.LiveModelStatus;
import io.omniline.telephony.live.LiveModelSync;
import io.omniline.telephony.live.LiveState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Omniline's AMI side, assembled: for each Asterisk server, the supervised connection; each
 * event applied on its reader to the server's live model, then read for what it means to calls,
 * whose database work goes to the node's per-call worker; the resync and reconciliation after
 * each login and on a timer. With several nodes, each server is read by the one node holding its
 * lock ({@link AmiOwnership}); the others wait to take over. Stopped in the order that loses
 * nothing: no more events first, then the resync, then the call work is given time to reach the
 * database.
 */
public final class TelephonyAmi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelephonyAmi.class);

    /** One Asterisk server: its name (its lock, and kept on its calls), its AMI, and how often its calls are reconciled. */
    public record Server(String name, AmiSupervisor.Settings connection, Duration reconcileEvery) {}

    /**
     * @param drainOnClose how long, at shutdown, pending call updates may take to reach the database
     */
    public record Settings(List<Server> servers, CallWorker.Settings work, Duration drainOnClose) {

        public Settings {
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("no Asterisk server to follow");
            }
            servers = List.copyOf(servers);
        }

        /**
         * One Asterisk server, named {@value TelephonyAmi#DEFAULT_SERVER}.
         *
         * @param reconcileEvery how often open calls are compared with Asterisk's channels
         */
        public Settings(
                AmiSupervisor.Settings connection,
                Duration reconcileEvery,
                CallWorker.Settings work,
                Duration drainOnClose) {
            this(List.of(new Server(DEFAULT_SERVER, connection, reconcileEvery)), work, drainOnClose);
        }
    }

    /** The name of the one server of a single-server configuration. */
    public static final String DEFAULT_SERVER = "default";

    private final List<FollowedServer> servers;
    private final List<AmiOwnership> ownerships;
    private final CallWorker work;
    private final Duration drainOnClose;
    private final CallbackPlacer callbacks;
    private final ScheduledExecutorService callbackTimer;
    private final AmiLink link;

    private TelephonyAmi(
            List<FollowedServer> servers,
            List<AmiOwnership> ownerships,
            CallWorker work,
            Duration drainOnClose,
            CallbackPlacer callbacks,
            ScheduledExecutorService callbackTimer) {
        this.servers = servers;
        this.ownerships = ownerships;
        this.callbacks = callbacks;
        this.callbackTimer = callbackTimer;
        this.work = work;
        this.drainOnClose = drainOnClose;
        this.link = new FirstConnected(servers);
    }

    /** @param stateLog where each agent's state changes are logged (the clock stamps them) */
    public static TelephonyAmi start(
            Settings settings,
            InteractionRepository interactions,
            AgentRepository agents,
            AgentStateLog stateLog,
            CallEventListener calls,
            Clock clock,
            MeterRegistry registry) {
        return start(settings, interactions, agents, stateLog, null, null, calls, clock, registry);
    }

    /**
     * With {@code callbackRepository} (and its settings) the node also places the callbacks callers
     * asked for, every {@code callbackSettings.every()} (never on its own when that is zero). The
     * node follows every server as the only node there is.
     */
    public static TelephonyAmi start(
            Settings settings,
            InteractionRepository interactions,
            AgentRepository agents,
            AgentStateLog stateLog,
            CallbackRepository callbackRepository,
            CallbackSettings callbackSettings,
            CallEventListener calls,
            Clock clock,
            MeterRegistry registry) {
        return start(
                settings,
                null,
                null,
                interactions,
                agents,
                stateLog,
                callbackRepository,
                callbackSettings,
                calls,
                clock,
                registry);
    }

    /**
     * As one node of several: each server is followed only while this node holds its lock in
     * {@code locks}, asked for as {@code ownership} says; with no locks, always.
     */
    public static TelephonyAmi start(
            Settings settings,
            AdvisoryLocks locks,
            AmiOwnership.Settings ownership,
            InteractionRepository interactions,
            AgentRepository agents,
            AgentStateLog stateLog,
            CallbackRepository callbackRepository,
            CallbackSettings callbackSettings,
            CallEventListener calls,
            Clock clock,
            MeterRegistry registry) {
        CallWorker work = new CallWorker(calls, settings.work(), registry);
        boolean alone = settings.servers().size() == 1;
        List<FollowedServer> servers = new ArrayList<>();
        CallbackPlacer placer = null;
        for (Server server : settings.servers()) {
            LiveState live = new LiveState(clock);
            CallEventTracker tracker = new CallEventTracker(work, new CallUpdates(interactions, agents), registry);
            AmiSupervisor supervisor = new AmiSupervisor(server.connection(), registry);
            LiveModelSync sync = new LiveModelSync(
                    live,
                    supervisor,
                    new CallReconciler(interactions, tracker, registry, server.name(), alone),
                    server.reconcileEvery(),
                    server.connection().minBackoff(),
                    server.connection().maxBackoff(),
                    registry);
            AgentStateFeed agentStates = new AgentStateFeed(live, work, agents, stateLog, clock);
            boolean placesCallbacks = callbackRepository != null && placer == null;
            if (placesCallbacks) {
                CallbackTracker callbackTracker =
                        new CallbackTracker(callbackRepository, work, callbackSettings, clock);
                servers.add(new FollowedServer(
                        server.name(),
                        supervisor,
                        live,
                        sync,
                        agentStates,
                        AmiEventListener.inOrder(live, sync, tracker, agentStates, callbackTracker),
                        AmiSessionListener.inOrder(tracker, callbackTracker, sync, agentStates)));
                placer = new CallbackPlacer(
                        callbackRepository, agents, live, sync::status, supervisor, callbackSettings, clock);
            } else {
                servers.add(new FollowedServer(
                        server.name(),
                        supervisor,
                        live,
                        sync,
                        agentStates,
                        AmiEventListener.inOrder(live, sync, tracker, agentStates),
                        AmiSessionListener.inOrder(tracker, sync, agentStates)));
            }
        }
        List<AmiOwnership> ownerships = new ArrayList<>();
        for (FollowedServer server : servers) {
            if (locks == null) {
                server.taken();
            } else {
                ownerships.add(AmiOwnership.contend(server.name(), locks, ownership, server));
            }
        }
        return new TelephonyAmi(
                servers,
                ownerships,
                work,
                settings.drainOnClose(),
                placer,
                placer == null ? null : callbackTimer(placer, callbackSettings));
    }

    private static ScheduledExecutorService callbackTimer(CallbackPlacer placer, CallbackSettings callbackSettings) {
        if (!callbackSettings.every().isPositive()) {
            return null;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("callbacks").daemon().factory());
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        placer.placeDue();
                    } catch (RuntimeException e) {
                        log.warn(
                                "placing callbacks failed this time (tried again in {} s): {}",
                                callbackSettings.every().toSeconds(),
                                e.toString());
                    }
                },
                callbackSettings.every().toMillis(),
                callbackSettings.every().toMillis(),
                TimeUnit.MILLISECONDS);
        return timer;
    }

    /**
     * The live model of the first server (with one server, the only one): the queues, channels
     * and agents boards and the IVR read. Empty while another node follows that server.
     */
    public LiveState live() {
        return servers.getFirst().live();
    }

    /**
     * Whether the live model is all Asterisk has, and why not: complete when every server this
     * node follows is; while another node follows them all, incomplete saying so.
     */
    public LiveModelStatus status() {
        List<FollowedServer> followed =
                servers.stream().filter(FollowedServer::owned).toList();
        if (followed.isEmpty()) {
            return servers.getFirst().status();
        }
        return followed.stream()
                .map(FollowedServer::status)
                .filter(status -> !status.complete())
                .findFirst()
                .orElse(LiveModelStatus.COMPLETE);
    }

    /** The agent state log's feed of the first server, told when an agent saves a call's wrap-up. */
    public AgentStateFeed agentStates() {
        return servers.getFirst().agentStates();
    }

    /** For call control: actions go to the first server this node is logged in to. */
    public AmiLink link() {
        return link;
    }

    /** Whether this node is logged in to an Asterisk server's AMI. */
    public boolean isConnected() {
        return servers.stream().anyMatch(FollowedServer::isConnected);
    }

    /** The names of the servers this node follows now (holds the lock of). */
    public List<String> followed() {
        return servers.stream()
                .filter(FollowedServer::owned)
                .map(FollowedServer::name)
                .toList();
    }

    /** What places callbacks (through the first server); null when this node does not. */
    public CallbackPlacer callbacks() {
        return callbacks;
    }

    /** Call updates still waiting for the database. */
    public int pendingCallWork() {
        return work.pending();
    }

    /** Waits until every call update so far is stored (tests, shutdown). */
    public boolean awaitCallWork(Duration timeout) throws InterruptedException {
        return work.awaitIdle(timeout);
    }

    @Override
    public void close() {
        if (callbackTimer != null) {
            callbackTimer.shutdownNow();
        }
        ownerships.forEach(AmiOwnership::close);
        servers.forEach(FollowedServer::close);
        work.close(drainOnClose);
    }

    /** Sends on the connection of the first server this node is logged in to. */
    private record FirstConnected(List<FollowedServer> servers) implements AmiLink {

        @Override
        public AmiPacket send(AmiAction action) throws AmiException {
            return current(action).send(action);
        }

        @Override
        public AmiList sendList(AmiAction action) throws AmiException {
            return current(action).sendList(action);
        }

        private AmiLink current(AmiAction action) throws AmiException {
            return servers.stream()
                    .filter(FollowedServer::isConnected)
                    .findFirst()
                    .map(server -> (AmiLink) server.supervisor())
                    .orElseThrow(() -> new AmiException(action.name() + ": not connected to AMI"));
        }
    }
}

package io.omniline.telephony;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.agent.AgentStateLog;
import io.omniline.db.callback.CallbackRepository;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.telephony.agents.AgentStateFeed;
import io.omniline.telephony.ami.AmiLink;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Omniline's AMI side, assembled: the supervised connection; each event applied on its reader
 * to the live model, then read for what it means to calls, whose database work goes to the
 * per-call worker; the resync and reconciliation after each login and on a timer. Stopped in
 * the order that loses nothing: no more events first, then the resync, then the call work is
 * given time to reach the database.
 */
public final class TelephonyAmi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelephonyAmi.class);

    /**
     * @param reconcileEvery how often open calls are compared with Asterisk's channels
     * @param drainOnClose how long, at shutdown, pending call updates may take to reach the database
     */
    public record Settings(AmiSupervisor.Settings connection, Duration reconcileEvery, CallWorker.Settings work,
                           Duration drainOnClose) {
    }

    private final AmiSupervisor supervisor;
    private final LiveState live;
    private final LiveModelSync sync;
    private final CallWorker work;
    private final AgentStateFeed agentStates;
    private final Duration drainOnClose;
    private final CallbackPlacer callbacks;
    private final ScheduledExecutorService callbackTimer;

    private TelephonyAmi(AmiSupervisor supervisor, LiveState live, LiveModelSync sync, CallWorker work,
                         AgentStateFeed agentStates, Duration drainOnClose, CallbackPlacer callbacks,
                         ScheduledExecutorService callbackTimer) {
        this.supervisor = supervisor;
        this.callbacks = callbacks;
        this.callbackTimer = callbackTimer;
        this.live = live;
        this.sync = sync;
        this.work = work;
        this.agentStates = agentStates;
        this.drainOnClose = drainOnClose;
    }

    /** @param stateLog where each agent's state changes are logged (the clock stamps them) */
    public static TelephonyAmi start(Settings settings, InteractionRepository interactions, AgentRepository agents,
                                     AgentStateLog stateLog, CallEventListener calls, Clock clock,
                                     MeterRegistry registry) {
        return start(settings, interactions, agents, stateLog, null, null, calls, clock, registry);
    }

    /**
     * With {@code callbackRepository} (and its settings) the node also places the callbacks callers
     * asked for, every {@code callbackSettings.every()} (never on its own when that is zero).
     */
    public static TelephonyAmi start(Settings settings, InteractionRepository interactions, AgentRepository agents,
                                     AgentStateLog stateLog, CallbackRepository callbackRepository,
                                     CallbackSettings callbackSettings,
                                     CallEventListener calls, Clock clock, MeterRegistry registry) {
        LiveState live = new LiveState(clock);
        CallWorker work = new CallWorker(calls, settings.work(), registry);
        CallEventTracker tracker = new CallEventTracker(work, new CallUpdates(interactions, agents), registry);
        AmiSupervisor supervisor = new AmiSupervisor(settings.connection(), registry);
        Duration retryMin = settings.connection().minBackoff();
        LiveModelSync sync = new LiveModelSync(live, supervisor, new CallReconciler(interactions, tracker, registry),
                settings.reconcileEvery(), retryMin, settings.connection().maxBackoff(), registry);
        AgentStateFeed agentStates = new AgentStateFeed(live, work, agents, stateLog, clock);
        if (callbackRepository == null) {
            supervisor.start(AmiEventListener.inOrder(live, sync, tracker, agentStates),
                    AmiSessionListener.inOrder(tracker, sync, agentStates));
            return new TelephonyAmi(supervisor, live, sync, work, agentStates, settings.drainOnClose(), null, null);
        }
        CallbackTracker callbackTracker = new CallbackTracker(callbackRepository, work, callbackSettings, clock);
        supervisor.start(AmiEventListener.inOrder(live, sync, tracker, agentStates, callbackTracker),
                AmiSessionListener.inOrder(tracker, callbackTracker, sync, agentStates));
        CallbackPlacer placer = new CallbackPlacer(callbackRepository, agents, live, sync::status, supervisor,
                callbackSettings, clock);
        ScheduledExecutorService timer = null;
        if (callbackSettings.every().isPositive()) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("callbacks").daemon().factory());
            timer.scheduleWithFixedDelay(() -> {
                try {
                    placer.placeDue();
                } catch (RuntimeException e) {
                    log.warn("placing callbacks failed this time (tried again in {} s): {}",
                            callbackSettings.every().toSeconds(), e.toString());
                }
            }, callbackSettings.every().toMillis(), callbackSettings.every().toMillis(), TimeUnit.MILLISECONDS);
        }
        return new TelephonyAmi(supervisor, live, sync, work, agentStates, settings.drainOnClose(), placer, timer);
    }

    public LiveState live() {
        return live;
    }

    /** Whether the live model is all Asterisk has, and why not. */
    public LiveModelStatus status() {
        return sync.status();
    }

    /** The agent state log's feed, told when an agent saves a call's wrap-up. */
    public AgentStateFeed agentStates() {
        return agentStates;
    }

    /** For call control: actions go to the connection of the moment. */
    public AmiLink link() {
        return supervisor;
    }

    public boolean isConnected() {
        return supervisor.isConnected();
    }

    /** What places callbacks; null when this node does not. */
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
        supervisor.close();
        sync.close();
        work.close(drainOnClose);
    }
}

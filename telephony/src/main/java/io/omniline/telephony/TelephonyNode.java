package io.omniline.telephony;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.Database;
import io.omniline.db.Repositories;
import io.omniline.db.agent.Agent;
import io.omniline.db.flow.DialledNumbers;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.lock.AdvisoryLocks;
import io.omniline.runtime.Lifecycle;
import io.omniline.runtime.Service;
import io.omniline.telephony.agi.AgiScripts;
import io.omniline.telephony.agi.FastAgiServer;
import io.omniline.telephony.ami.AmiOwnership;
import io.omniline.telephony.callbacks.CallbackRequests;
import io.omniline.telephony.callbacks.CallbackSettings;
import io.omniline.telephony.calls.CallEventListener;
import io.omniline.telephony.control.CallControl;
import io.omniline.telephony.flows.PublishedFlows;
import io.omniline.telephony.ivr.IvrAgiScript;
import io.omniline.telephony.ivr.IvrCallHandler;
import io.omniline.telephony.ivr.SurveyAgiScript;
import io.omniline.telephony.ivr.SurveyCallHandler;
import io.omniline.telephony.live.LiveModelStatus;
import io.omniline.telephony.live.LiveState;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telephony as one node runs it: the AMI side (live model, call tracking, callbacks), call
 * control, the FastAGI server with its table of scripts, and the listener that hears of
 * published flows. Started in that order; stopped in reverse, in the order that loses nothing:
 * no new calls first, then the callers already in the IVR are given {@link Settings#agiGrace()}
 * to be handed on and their records stored, then AMI stops and the call updates it queued are stored.
 */
public final class TelephonyNode implements Service {

    private static final Logger log = LoggerFactory.getLogger(TelephonyNode.class);

    /**
     * @param ami the AMI connection and call tracking; null when Omniline does not follow Asterisk
     * @param callbacks how the callbacks callers asked for are placed (with AMI only)
     * @param flowRecheck how long a number's or flow name's version is trusted without hearing of a
     *     change: the bound on a change missed while the listener was reconnecting
     * @param agiGrace how long a stop waits for callers in the IVR to be handed on and their records stored
     */
    public record Settings(
            FastAgiServer.Settings agi,
            IvrCallHandler.Settings ivr,
            String defaultRegion,
            TelephonyAmi.Settings ami,
            CallbackSettings callbacks,
            Duration flowRecheck,
            Duration agiGrace) {}

    private final Settings settings;
    private final Database database;
    private final Repositories repositories;
    private final Repositories callers;
    /** Which node follows each Asterisk server: the one holding the server's lock. */
    private final AdvisoryLocks locks;

    private final CallEventListener calls;
    private final Clock callerClock;
    private final MeterRegistry registry;
    private final PublishedFlows published;
    private final AgiScripts scripts = new AgiScripts();
    private final Lifecycle lifecycle = new Lifecycle("telephony");
    private TelephonyAmi ami;
    private LiveState live;
    private CallControl control;
    private FastAgiServer agi;
    private IvrCallHandler ivrCalls;
    private SurveyCallHandler surveyCalls;

    /**
     * @param callers the repositories for callers' work: their connections give up on a hung server
     * @param calls hears every call event this node's AMI feed commits (the agents' desktops)
     * @param callerClock what the IVR reads for opening hours and step times
     */
    public TelephonyNode(
            Settings settings,
            Database database,
            Repositories callers,
            AdvisoryLocks locks,
            CallEventListener calls,
            Clock callerClock,
            MeterRegistry registry) {
        this.locks = locks;
        this.settings = settings;
        this.database = database;
        this.repositories = database.repositories();
        this.callers = callers;
        this.calls = calls;
        this.callerClock = callerClock;
        this.registry = registry;
        this.published = new PublishedFlows(
                callers.flows(), dialledNumbers(settings.defaultRegion()), settings.flowRecheck(), Clock.systemUTC());
    }

    /** Number routes are stored and looked up in the form chat and caller numbers are normalised to. */
    private static DialledNumbers dialledNumbers(String defaultRegion) {
        return new DialledNumbers(new IdentityNormalizer(defaultRegion));
    }

    @Override
    public String name() {
        return "telephony";
    }

    @Override
    public void start() throws Exception {
        lifecycle.assemble(() -> {
            lifecycle.open("flow changes", () -> database.listen(FlowRepository.CHANGES, change -> published.forget()));
            ami = settings.ami() == null ? null : lifecycle.open("AMI", this::startAmi);
            live = ami == null ? new LiveState(Clock.systemUTC()) : ami.live();
            control = ami == null ? null : new CallControl(ami.link()::send, repositories.interactions());
            return lifecycle.start(new Agi());
        });
    }

    /** Omniline's AMI side: one supervised connection, its call tracking and the callbacks it places. */
    private TelephonyAmi startAmi() {
        return TelephonyAmi.start(
                settings.ami(),
                locks,
                AmiOwnership.Settings.DEFAULTS,
                repositories.interactions(),
                repositories.agents(),
                repositories.agentStateLog(),
                repositories.callbacks(),
                settings.callbacks(),
                calls,
                Clock.systemUTC(),
                registry);
    }

    /**
     * Every dialplan step that calls Omniline: the IVR ({@code ivr}), the IVR's way on after
     * VoiceMail() failed ({@code voicemail-failed}) and the survey after the agent hung up
     * ({@code survey}). Callers' database work goes through connections that give up on a hung server.
     */
    private void registerScripts() {
        ivrCalls = IvrCallHandler.overDatabase(
                callers,
                published,
                new IdentityNormalizer(settings.defaultRegion()),
                settings.ivr(),
                live::queue,
                callerClock,
                registry);
        IvrAgiScript ivr = new IvrAgiScript(ivrCalls);
        surveyCalls = SurveyCallHandler.overDatabase(callers, published, settings.ivr(), callerClock, registry);
        scripts.register(IvrAgiScript.IVR, ivr)
                .register(IvrAgiScript.VOICEMAIL_FAILED, ivr)
                .register(SurveyAgiScript.SURVEY, new SurveyAgiScript(surveyCalls, ivrCalls));
    }

    @Override
    public void stop() {
        lifecycle.stop();
    }

    /** Which version a number or flow name leads to; forgotten when a flow is published. */
    public PublishedFlows publishedFlows() {
        return published;
    }

    /** The node's view of Asterisk's queues, members and channels (empty when AMI is off). */
    public LiveState live() {
        return live;
    }

    /** Whether the live model is all Asterisk has, and why not. */
    public LiveModelStatus liveModelStatus() {
        return ami == null
                ? LiveModelStatus.incomplete(
                        "Omniline is not connected to a phone system (the connection to Asterisk is turned off in its settings)")
                : ami.status();
    }

    /** The AMI side; null when ami.enabled is false. */
    public TelephonyAmi ami() {
        return ami;
    }

    /** Call control through this node's AMI connection; null when ami.enabled is false. */
    public CallControl control() {
        return control;
    }

    public CallbackRequests callbackRequests() {
        return new CallbackRequests(control, repositories.agents());
    }

    /** A saved wrap-up ends the agent's wrap-up in the state log (this node's AMI feed decides what follows). */
    public void wrapUpSaved(Interaction call) {
        if (ami != null && call.agentId() != null) {
            repositories
                    .agents()
                    .findById(call.agentId())
                    .map(Agent::sipInterface)
                    .filter(Objects::nonNull)
                    .ifPresent(ami.agentStates()::wrapUpSaved);
        }
    }

    public int agiPort() {
        return agi.port();
    }

    /** FastAGI with the node's scripts; its stop takes no new calls, then lets the IVR hand on those it has. */
    private final class Agi implements Service {

        @Override
        public String name() {
            return "FastAGI";
        }

        @Override
        public void start() {
            registerScripts();
            agi = FastAgiServer.start(settings.agi(), scripts, registry);
        }

        /**
         * The grace covers the callers' sessions and then the records a slow database has not
         * stored yet, which are written on threads that would not hold the process up.
         */
        @Override
        public void stop() throws InterruptedException {
            long started = System.nanoTime();
            agi.close();
            int stillInIvr = agi.awaitSessions(settings.agiGrace());
            if (stillInIvr > 0) {
                log.warn(
                        "{} callers were still in the IVR after {} s; when Omniline exits the dialplan sends them to the fallback queue",
                        stillInIvr,
                        settings.agiGrace().toSeconds());
            }
            Duration left = settings.agiGrace().minusNanos(System.nanoTime() - started);
            int unstored = ivrCalls.awaitRecords(left.isNegative() ? Duration.ZERO : left);
            left = settings.agiGrace().minusNanos(System.nanoTime() - started);
            unstored += surveyCalls.awaitRecords(left.isNegative() ? Duration.ZERO : left);
            if (unstored > stillInIvr) {
                log.error(
                        "the IVR records of {} calls were not stored within {} s of the stop: the database did not answer",
                        unstored - stillInIvr,
                        settings.agiGrace().toSeconds());
            }
        }
    }
}

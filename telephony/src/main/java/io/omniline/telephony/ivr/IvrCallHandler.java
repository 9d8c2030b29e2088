package io.omniline.telephony.ivr;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.customers.resolve.CustomerResolver;
import io.omniline.db.Repositories;
import io.omniline.db.SqlStates;
import io.omniline.db.callback.CallbackRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.HandleTimeQuery;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.IvrPathRepository;
import io.omniline.db.interaction.IvrStep;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.run.CallChannel;
import io.omniline.ivr.run.CallContext;
import io.omniline.ivr.run.CallerHungUpException;
import io.omniline.ivr.run.CustomerDirectory;
import io.omniline.ivr.run.CustomerFacts;
import io.omniline.ivr.run.FlowInterpreter;
import io.omniline.ivr.run.FlowResolver;
import io.omniline.ivr.run.IvrOutcome;
import io.omniline.ivr.run.IvrResult;
import io.omniline.ivr.run.Step;
import io.omniline.telephony.agi.AgiCallChannel;
import io.omniline.telephony.agi.AgiFailureException;
import io.omniline.telephony.flows.PublishedFlows;
import io.omniline.telephony.flows.PublishedFlows.LiveFlow;
import io.omniline.telephony.ivr.CallDatabase.DatabaseDeadlineException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one caller through the IVR: picks the published flow for the call, finds the caller,
 * opens the voice interaction keyed by the channel's uniqueid, runs the flow, stores the path
 * and leaves the dialplan the variables it needs. The caller is never stranded: with no flow,
 * a broken flow or a lost database the call goes to the fallback queue, and a record that
 * cannot be written is reported loudly (log and {@code omniline_ivr_records_lost_total}).
 *
 * <p>The caller never waits on the database longer than the call's budget (all queries of the
 * call together, a few hundred milliseconds): past it the caller goes to the fallback queue at
 * once ({@code omniline_ivr_database_deadlines_total}), and what the call has to store is
 * stored when the database answers again, in order, or counted as lost (see {@link CallDatabase}).
 */
public final class IvrCallHandler {

    private static final Logger log = LoggerFactory.getLogger(IvrCallHandler.class);
    /** The calls whose talk time estimates a queue's wait. */
    private static final Duration RECENT_CALLS = Duration.ofHours(2);
    /** How old the announced wait's talk time may grow: the announcement is in whole minutes. */
    private static final Duration TALK_TIME_REFRESH = Duration.ofSeconds(30);

    private static final Duration TALK_TIME_FORGOTTEN = Duration.ofMinutes(10);

    static final String VOICEMAIL_UNAVAILABLE = "omniline/voicemail-unavailable";
    /** E.164 as the callback table and the dialplan's {@code _+X.} take it. */
    private static final java.util.regex.Pattern DIALLABLE = java.util.regex.Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final PublishedFlows flows;
    private final Callers callers;
    private final InteractionRepository interactions;
    private final IvrPathRepository paths;
    private final String fallbackQueue;
    private final int stepLimit;
    private final Duration databaseBudget;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Counter recordsLost;
    private final Counter noFlow;
    private final Counter deadlines;
    private final Counter voicemailFailures;
    private final QueueAnnouncer announcer;
    private final CallbackRepository callbacks;
    private final IdentityNormalizer normalizer;
    private final int callbackAttempts;
    /** Calls whose {@link CallDatabase} has work left: in the IVR, or records waiting for the database. */
    private final UnfinishedCalls unfinished = new UnfinishedCalls();

    private final LateRecords lateRecords;

    /**
     * @param fallbackQueue where a caller goes when no flow can run
     * @param stepLimit steps one call may take before it is stopped (a flow that loops)
     * @param databaseBudget how long a caller may wait on the database in all, over the whole call
     * @param callbackAttempts how often a callback the caller asks for may call them before it fails
     * @param lateRecordsAtOnce records of calls past the budget stored at once ({@link LateRecords})
     */
    public record Settings(
            String fallbackQueue,
            int stepLimit,
            Duration databaseBudget,
            int callbackAttempts,
            int lateRecordsAtOnce,
            String surveyCommentDirectory) {

        public static final int DEFAULT_CALLBACK_ATTEMPTS = 3;
        public static final int DEFAULT_LATE_RECORDS_AT_ONCE = 4;

        /** Without survey comments: a comment node records nothing. */
        public Settings(
                String fallbackQueue,
                int stepLimit,
                Duration databaseBudget,
                int callbackAttempts,
                int lateRecordsAtOnce) {
            this(fallbackQueue, stepLimit, databaseBudget, callbackAttempts, lateRecordsAtOnce, null);
        }

        /**
         * @param directory where Asterisk writes survey comments, as Asterisk's host names it; null or
         *     blank: a survey's comment node records nothing
         */
        public Settings withSurveyComments(String directory) {
            return new Settings(
                    fallbackQueue, stepLimit, databaseBudget, callbackAttempts, lateRecordsAtOnce, directory);
        }

        public Settings(String fallbackQueue, int stepLimit, Duration databaseBudget) {
            this(fallbackQueue, stepLimit, databaseBudget, DEFAULT_CALLBACK_ATTEMPTS, DEFAULT_LATE_RECORDS_AT_ONCE);
        }

        public static Settings of(String fallbackQueue) {
            return new Settings(fallbackQueue, FlowInterpreter.DEFAULT_STEP_LIMIT, Duration.ofMillis(400));
        }
    }

    IvrCallHandler(
            PublishedFlows flows,
            Callers callers,
            InteractionRepository interactions,
            IvrPathRepository paths,
            QueueAnnouncer announcer,
            CallbackRepository callbacks,
            IdentityNormalizer normalizer,
            Settings settings,
            Clock clock,
            MeterRegistry registry) {
        this.flows = flows;
        this.callbacks = callbacks;
        this.normalizer = normalizer;
        this.callbackAttempts = settings.callbackAttempts();
        this.announcer = announcer;
        this.callers = callers;
        this.interactions = interactions;
        this.paths = paths;
        this.fallbackQueue = settings.fallbackQueue();
        this.stepLimit = settings.stepLimit();
        this.databaseBudget = settings.databaseBudget();
        this.clock = clock;
        this.registry = registry;
        this.lateRecords = new LateRecords(settings.lateRecordsAtOnce(), registry);
        this.recordsLost = Counter.builder("omniline_ivr_records_lost_total")
                .description("IVR calls whose interaction or path could not be stored")
                .register(registry);
        this.noFlow = Counter.builder("omniline_ivr_no_flow_total")
                .description("calls for which no published flow was found")
                .register(registry);
        this.deadlines = Counter.builder("omniline_ivr_database_deadlines_total")
                .description(
                        "calls sent to the fallback queue because the database did not answer within the IVR's budget")
                .register(registry);
        this.voicemailFailures = Counter.builder("omniline_ivr_voicemail_failed_total")
                .description("callers whose VoiceMail() failed (VMSTATUS=FAILED), sent to the fallback queue")
                .register(registry);
    }

    /**
     * The handler over Omniline's database: flows, customers, interactions and paths from
     * {@code repositories} (which should give up on a hung server, see {@code Database.repositories(Duration)}).
     */
    public static IvrCallHandler overDatabase(
            Repositories repositories,
            PublishedFlows flows,
            IdentityNormalizer normalizer,
            Settings settings,
            QueueAnnouncer.LiveQueues live,
            Clock clock,
            MeterRegistry registry) {
        InteractionRepository interactions = repositories.interactions();
        HandleTimeQuery handleTimes = repositories.handleTimes();
        return new IvrCallHandler(
                flows,
                new Callers(new CustomerResolver(repositories.customers(), repositories.identityReviews(), normalizer)),
                interactions,
                repositories.ivrPaths(),
                new QueueAnnouncer(
                        live,
                        new RecentTalkTimes(
                                queue -> handleTimes.averageTalkSeconds(queue, RECENT_CALLS),
                                TALK_TIME_REFRESH,
                                TALK_TIME_FORGOTTEN,
                                read -> Thread.ofVirtual()
                                        .name("recent-talk-time")
                                        .start(read),
                                Ticker.systemTicker())),
                repositories.callbacks(),
                normalizer,
                settings,
                clock,
                registry);
    }

    /**
     * A prompt Asterisk could not play on a call (no such sound file in that language): a flow
     * error, loud in the log and in {@code omniline_ivr_prompts_unplayed_total}; the flow goes on
     * without it.
     */
    public void promptNotPlayed(String uniqueId, String prompt, String language) {
        registry.counter("omniline_ivr_prompts_unplayed_total", "prompt", prompt)
                .increment();
        log.error(
                "call {}: prompt {} could not be played in language {} (Asterisk has no such sound file); "
                        + "the flow goes on without it",
                uniqueId,
                prompt,
                language);
    }

    /** @param startNode the node to resume at, or null for the flow's start */
    public void handle(IncomingCall call, CallChannel channel, String startNode) {
        try (CallDatabase database = callDatabase()) {
            handle(call, channel, startNode, database);
        }
    }

    private CallDatabase callDatabase() {
        return unfinished.open(databaseBudget);
    }

    /**
     * Waits up to {@code timeout} for every call's database work to be done, the records left to
     * be stored when a slow database answers included: a stopping node lets its database go only
     * after this, or those records would be lost without a word.
     *
     * @return the calls whose database work was still not done
     */
    public int awaitRecords(Duration timeout) throws InterruptedException {
        return unfinished.await(timeout);
    }

    private void handle(IncomingCall call, CallChannel channel, String startNode, CallDatabase database) {
        Optional<LiveFlow> flow;
        try {
            flow = database.await(
                    "the flow",
                    () -> call.flowName() != null ? flows.forName(call.flowName()) : flows.forNumber(call.dialled()));
        } catch (DatabaseDeadlineException e) {
            tooLate(call, channel, database, e, null, List.of());
            return;
        } catch (RuntimeException e) {
            lost(call, "the flow could not be loaded", e);
            toFallbackQueue(channel, null);
            return;
        }
        if (flow.isEmpty()) {
            noFlow.increment();
            log.warn(
                    "no published flow for call {} (flow {}, dialled {}); sending it to queue {}",
                    call.uniqueId(),
                    call.flowName(),
                    call.dialled(),
                    fallbackQueue);
            toFallbackQueue(channel, null);
            return;
        }
        Optional<CustomerFacts> customer;
        OpenedCall opened;
        try {
            customer = lookUp(call, database);
            opened = open(call, customer, database);
        } catch (DatabaseDeadlineException e) {
            tooLate(call, channel, database, e, null, List.of());
            return;
        }
        CallFlows resolved = new CallFlows(flows, flow.get(), database);
        // A caller back from a queue that timed out goes on in the language they chose before it.
        CallContext context = new CallContext(
                call.callerNumber(),
                call.callerName(),
                call.dialled(),
                clock.instant(),
                Map.of(),
                startNode != null ? call.spokenLanguage() : null);
        Flow entry = flow.get().flow();
        String start = startNode != null && entry.node(startNode) != null ? startNode : entry.start();
        List<Step> steps = new ArrayList<>();
        IvrResult result;
        try {
            result = new FlowInterpreter(resolved, directory(call, customer, database), clock, stepLimit)
                    .run(flow.get().name(), entry, start, channel, context, steps::add);
        } catch (AgiFailureException e) {
            result = new IvrResult(
                    new IvrOutcome.Failed(e.getMessage()), steps, Map.of(), entry.language(), customer.orElse(null));
        } catch (DatabaseDeadlineException e) {
            tooLate(call, channel, database, e, customer.map(CustomerFacts::id).orElse(null), stored(resolved, steps));
            return;
        }
        IvrOutcome outcome = callable(call, result.outcome(), flow.get().name());
        apply(outcome, channel, opened.interaction(), result.language(), database);
        record(call, opened, resolved, result.path(), outcome, database);
        registry.counter("omniline_ivr_calls_total", "outcome", outcomeName(outcome))
                .increment();
    }

    private Optional<CustomerFacts> lookUp(IncomingCall call, CallDatabase database) {
        try {
            return database.await("the caller's customer", () -> callers.byPhone(call.callerNumber()));
        } catch (DatabaseDeadlineException e) {
            throw e;
        } catch (RuntimeException e) {
            lost(call, "the caller could not be looked up", e);
            return Optional.empty();
        }
    }

    /**
     * Opens the interaction; a call coming back into the IVR from a queue already has one, found
     * by its uniqueid (only then is the stored path read, to number the new steps after it).
     */
    private OpenedCall open(IncomingCall call, Optional<CustomerFacts> customer, CallDatabase database) {
        try {
            return database.await(
                    "the call's interaction",
                    () -> openOrFind(call, customer.map(CustomerFacts::id).orElse(null)));
        } catch (DatabaseDeadlineException e) {
            throw e;
        } catch (RuntimeException e) {
            lost(call, "the interaction could not be opened", e);
            return new OpenedCall(null, 0);
        }
    }

    private OpenedCall openOrFind(IncomingCall call, Long customerId) {
        try {
            return new OpenedCall(
                    interactions.open(NewInteraction.inboundCall(
                            call.uniqueId(), call.linkedId(), customerId, call.callerNumber())),
                    0);
        } catch (RuntimeException e) {
            if (!SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
                throw e;
            }
            Interaction existing = interactions
                    .findByExternalId(Channel.voice, call.uniqueId())
                    .orElseThrow(() -> e);
            return new OpenedCall(existing, paths.path(existing.id()).size());
        }
    }

    /** The call's interaction (null when it could not be opened) and how many IVR steps it had before this visit. */
    private record OpenedCall(Interaction interaction, int earlierSteps) {}

    private CustomerDirectory directory(IncomingCall call, Optional<CustomerFacts> caller, CallDatabase database) {
        return new CustomerDirectory() {
            public Optional<CustomerFacts> byPhone(String callerNumber) {
                return caller;
            }

            public Optional<CustomerFacts> byAccount(String digits) {
                try {
                    return database.await("the account", () -> callers.byAccount(digits));
                } catch (DatabaseDeadlineException e) {
                    throw e;
                } catch (RuntimeException e) {
                    lost(call, "the account could not be looked up", e);
                    return Optional.empty();
                }
            }
        };
    }

    /**
     * The database did not answer within the call's budget: the caller goes to the fallback queue
     * now, and the call is recorded there once the database answers (after the work already
     * waiting for it), or counted as lost.
     */
    private void tooLate(
            IncomingCall call,
            CallChannel channel,
            CallDatabase database,
            DatabaseDeadlineException e,
            Long customerId,
            List<IvrStep> steps) {
        deadlines.increment();
        log.warn(
                "call {} from {}: {} within the IVR's budget of {} ms; sending the caller to queue {} now, the call "
                        + "is recorded when the database answers",
                call.uniqueId(),
                call.channel(),
                e.getMessage(),
                databaseBudget.toMillis(),
                fallbackQueue);
        toFallbackQueue(channel, null);
        database.later(
                () -> lateRecords.store(() -> recordLate(call, customerId, steps)),
                failure -> lost(
                        call,
                        "the call sent to queue " + fallbackQueue + " after a database deadline could not be stored",
                        failure));
        registry.counter("omniline_ivr_calls_total", "outcome", "database_deadline")
                .increment();
    }

    /** Opens (or finds) the interaction, adds the path so far and hands it to the fallback queue. */
    private void recordLate(IncomingCall call, Long customerId, List<IvrStep> steps) {
        OpenedCall opened = openOrFind(call, customerId);
        long id = opened.interaction().id();
        List<IvrStep> numbered = new ArrayList<>();
        for (IvrStep step : steps) {
            numbered.add(new IvrStep(
                    opened.earlierSteps() + step.seq(),
                    step.flowId(),
                    step.flowVersion(),
                    step.nodeId(),
                    step.nodeType(),
                    step.input(),
                    step.outcome(),
                    step.at()));
        }
        paths.append(id, numbered);
        interactions.queueFromIvr(id, fallbackQueue, 0);
    }

    /** Tells the dialplan what to do next and moves the interaction on. */
    private void apply(
            IvrOutcome outcome, CallChannel channel, Interaction interaction, String language, CallDatabase database) {
        try {
            if (!(outcome instanceof IvrOutcome.CallerHungUp)) {
                channel.keepLanguage(language);
            }
            switch (outcome) {
                case IvrOutcome.Queued queued -> {
                    announcer.announce(queued, channel, language, database);
                    setQueue(channel, interaction, queued.queue(), queued.priority(), queued.maxWaitSeconds());
                    channel.setVariable(DialplanVariables.RESUME_FLOW, queued.flow());
                    channel.setVariable(
                            DialplanVariables.RESUME_NODE, queued.onTimeout() == null ? "" : queued.onTimeout());
                }
                case IvrOutcome.CallbackRequested callback -> {
                    action(channel, interaction, "callback");
                    channel.setVariable(DialplanVariables.CALLBACK_NUMBER, callback.number());
                    channel.setVariable(DialplanVariables.QUEUE, callback.queue());
                }
                case IvrOutcome.Voicemail voicemail -> {
                    action(channel, interaction, "voicemail");
                    channel.setVariable(DialplanVariables.MAILBOX, voicemail.mailbox());
                }
                case IvrOutcome.Transferred transferred -> {
                    action(channel, interaction, "transfer");
                    channel.setVariable(DialplanVariables.TRANSFER_TO, transferred.number());
                }
                case IvrOutcome.HungUp hungUp -> action(channel, interaction, "hangup");
                case IvrOutcome.CallerHungUp gone -> {}
                case IvrOutcome.Failed failed -> {
                    log.warn(
                            "IVR flow failed for call {}: {}; sending it to queue {}",
                            interaction == null ? "?" : interaction.externalId(),
                            failed.reason(),
                            fallbackQueue);
                    toFallbackQueue(channel, interaction);
                }
            }
        } catch (CallerHungUpException e) {
            log.debug("caller hung up while the IVR handed the call on");
        }
    }

    private void toFallbackQueue(CallChannel channel, Interaction interaction) {
        try {
            setQueue(channel, interaction, fallbackQueue, 0, null);
        } catch (CallerHungUpException e) {
            log.debug("caller hung up before reaching the fallback queue");
        }
    }

    private static void setQueue(
            CallChannel channel, Interaction interaction, String queue, int priority, Integer maxWait) {
        action(channel, interaction, "queue");
        channel.setVariable(DialplanVariables.QUEUE, queue);
        channel.setVariable(DialplanVariables.QUEUE_PRIORITY, String.valueOf(priority));
        channel.setVariable(DialplanVariables.QUEUE_MAX_WAIT, maxWait == null ? "" : String.valueOf(maxWait));
    }

    private static void action(CallChannel channel, Interaction interaction, String action) {
        channel.setVariable(DialplanVariables.ACTION, action);
        channel.setVariable(
                DialplanVariables.INTERACTION_ID, interaction == null ? "" : String.valueOf(interaction.id()));
    }

    /**
     * Stores the path and the interaction's new state, waiting only within the call's budget; a
     * record that fails is loud but never blocks the caller, and one that is late is stored when
     * the database answers.
     */
    private void record(
            IncomingCall call,
            OpenedCall opened,
            CallFlows resolved,
            List<Step> path,
            IvrOutcome outcome,
            CallDatabase database) {
        Interaction interaction = opened.interaction();
        if (interaction == null) {
            return;
        }
        List<IvrStep> steps = new ArrayList<>();
        for (IvrStep step : stored(resolved, path)) {
            steps.add(new IvrStep(
                    opened.earlierSteps() + step.seq(),
                    step.flowId(),
                    step.flowVersion(),
                    step.nodeId(),
                    step.nodeType(),
                    step.input(),
                    step.outcome(),
                    step.at()));
        }
        try {
            database.await("the IVR path and outcome", () -> {
                try {
                    paths.append(interaction.id(), steps);
                    moveOn(interaction, outcome);
                } catch (RuntimeException e) {
                    lost(call, "the IVR path and outcome could not be stored", e);
                }
                return null;
            });
        } catch (DatabaseDeadlineException e) {
            deadlines.increment();
            log.warn(
                    "call {}: {} within the IVR's budget; the caller goes on, the record is stored when the database "
                            + "answers",
                    call.uniqueId(),
                    e.getMessage());
        }
    }

    private void moveOn(Interaction interaction, IvrOutcome outcome) {
        long id = interaction.id();
        switch (outcome) {
            case IvrOutcome.Queued queued -> interactions.queueFromIvr(id, queued.queue(), queued.priority());
            case IvrOutcome.Failed failed -> interactions.queueFromIvr(id, fallbackQueue, 0);
            case IvrOutcome.CallbackRequested callback -> {
                interactions.end(id, InteractionOutcome.callback_requested);
                callbacks.request(
                        id,
                        interaction.customerId(),
                        callback.number(),
                        callback.queue(),
                        callbackAttempts,
                        clock.instant());
            }
            case IvrOutcome.Voicemail voicemail ->
                interactions.putMetadata(id, voicemailState(voicemail.mailbox(), "started"));
            case IvrOutcome.Transferred transferred -> interactions.end(id, InteractionOutcome.transferred);
            case IvrOutcome.HungUp hungUp -> interactions.end(id, InteractionOutcome.hung_up_by_ivr);
            case IvrOutcome.CallerHungUp gone -> interactions.end(id, InteractionOutcome.abandoned_in_ivr);
        }
    }

    /**
     * A callback is filed only for a number Omniline can dial: the caller ID (or the digits the
     * caller typed) comes from outside and is checked to be a possible phone number, then kept in
     * E.164. A caller whose number cannot be called back waits in the callback's queue instead of
     * being promised a call that will never come.
     */
    private IvrOutcome callable(IncomingCall call, IvrOutcome outcome, String flow) {
        if (!(outcome instanceof IvrOutcome.CallbackRequested callback)) {
            return outcome;
        }
        String reason;
        try {
            String number = normalizer.phone(callback.number()).value();
            if (DIALLABLE.matcher(number).matches()) {
                return new IvrOutcome.CallbackRequested(number, callback.queue());
            }
            reason = "not a phone number Asterisk can dial";
        } catch (InvalidIdentityException e) {
            reason = e.getMessage();
        }
        log.warn(
                "call {}: the caller accepted a callback, but their number cannot be called back ({}); they wait in "
                        + "queue {} instead",
                call.uniqueId(),
                reason,
                callback.queue());
        return new IvrOutcome.Queued(callback.queue(), 0, null, false, false, flow, null);
    }

    /**
     * The caller's state while Asterisk's VoiceMail() has them: the interaction stays in the IVR
     * with {@code voicemail.status} "started" (then "failed" if VoiceMail() fails); whether a
     * message was left is only known from AMI once the call ends.
     */
    private static Map<String, Object> voicemailState(String mailbox, String status) {
        Map<String, Object> voicemail = new java.util.LinkedHashMap<>();
        voicemail.put("mailbox", mailbox);
        voicemail.put("status", status);
        return Map.of("voicemail", voicemail);
    }

    /**
     * {@code AGI(…/voicemail-failed)}: the dialplan's second step when VoiceMail() answered
     * VMSTATUS=FAILED (no such mailbox): the caller is still on the line, so they hear that no
     * message can be taken and go to the fallback queue; the interaction says the voicemail
     * failed and waits there. VMSTATUS is read from the channel, not taken on trust (agi-09).
     */
    public void voicemailFailed(IncomingCall call, AgiCallChannel channel) {
        String status;
        try {
            status = channel.variable("VMSTATUS");
        } catch (CallerHungUpException e) {
            return;
        }
        if (!"FAILED".equals(status)) {
            log.warn(
                    "call {}: asked to route after a failed voicemail, but VMSTATUS is {}; ending the call",
                    call.uniqueId(),
                    status);
            try {
                action(channel, null, "hangup");
            } catch (CallerHungUpException e) {
                log.debug("caller hung up after the voicemail");
            }
            return;
        }
        voicemailFailures.increment();
        try (CallDatabase database = callDatabase()) {
            Interaction interaction = null;
            try {
                interaction = database.await("the call's interaction", () -> {
                    Optional<Interaction> found = interactions.findByExternalId(Channel.voice, call.uniqueId());
                    found.ifPresent(existing -> {
                        interactions.putMetadata(existing.id(), voicemailState(mailbox(existing), "failed"));
                        interactions.queueFromIvr(existing.id(), fallbackQueue, 0);
                    });
                    return found.orElse(null);
                });
            } catch (DatabaseDeadlineException e) {
                deadlines.increment();
                log.warn(
                        "call {}: {} within the IVR's budget; the caller goes on, the record follows",
                        call.uniqueId(),
                        e.getMessage());
            } catch (RuntimeException e) {
                lost(call, "the failed voicemail could not be recorded", e);
            }
            log.warn(
                    "call {}: VoiceMail() failed (VMSTATUS=FAILED: is the mailbox in voicemail.conf?); sending the caller "
                            + "to queue {}",
                    call.uniqueId(),
                    fallbackQueue);
            try {
                channel.play(List.of(VOICEMAIL_UNAVAILABLE), call.language());
                setQueue(channel, interaction, fallbackQueue, 0, null);
            } catch (CallerHungUpException e) {
                log.debug("caller hung up before reaching the fallback queue");
            }
        }
    }

    private static String mailbox(Interaction interaction) {
        return interaction.metadata().get("voicemail") instanceof Map<?, ?> voicemail
                        && voicemail.get("mailbox") != null
                ? String.valueOf(voicemail.get("mailbox"))
                : null;
    }

    /** The interpreter's steps as stored: each with the flow and version it ran in, numbered from 1. */
    private static List<IvrStep> stored(CallFlows resolved, List<Step> path) {
        List<IvrStep> steps = new ArrayList<>();
        for (Step step : path) {
            LiveFlow flow = resolved.used(step.flow());
            steps.add(new IvrStep(
                    step.seq(),
                    flow == null ? null : flow.flowId(),
                    flow == null ? null : flow.version(),
                    step.nodeId(),
                    step.nodeType(),
                    step.input(),
                    step.outcome(),
                    step.at().atOffset(ZoneOffset.UTC)));
        }
        return steps;
    }

    private void lost(IncomingCall call, String what, RuntimeException e) {
        recordsLost.increment();
        log.error(
                "call {} from {}: {}; the caller is still served: {}",
                call.uniqueId(),
                call.channel(),
                what,
                e.toString());
    }

    private static String outcomeName(IvrOutcome outcome) {
        return switch (outcome) {
            case IvrOutcome.Queued q -> "queued";
            case IvrOutcome.CallbackRequested c -> "callback";
            case IvrOutcome.Voicemail v -> "voicemail";
            case IvrOutcome.Transferred t -> "transferred";
            case IvrOutcome.HungUp h -> "hangup";
            case IvrOutcome.CallerHungUp c -> "caller_hung_up";
            case IvrOutcome.Failed f -> "failed";
        };
    }

    /**
     * The flows one call used, remembered with their versions so each step names its version; a
     * flow gone to is read within the call's database budget.
     */
    private static final class CallFlows implements FlowResolver {

        private final PublishedFlows flows;
        private final CallDatabase database;
        private final Map<String, LiveFlow> used = new ConcurrentHashMap<>();

        CallFlows(PublishedFlows flows, LiveFlow entry, CallDatabase database) {
            this.flows = flows;
            this.database = database;
            used.put(entry.name(), entry);
        }

        @Override
        public Optional<Flow> flow(String name) {
            LiveFlow live = used.get(name);
            if (live == null) {
                live = database.await("the flow " + name, () -> flows.forName(name))
                        .orElse(null);
                if (live != null) {
                    used.put(name, live);
                }
            }
            return Optional.ofNullable(live).map(LiveFlow::flow);
        }

        LiveFlow used(String name) {
            return used.get(name);
        }
    }
}

package io.omniline.telephony.ivr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.Repositories;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.db.csat.SurveyCommentName;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.IvrPathRepository;
import io.omniline.db.interaction.IvrStep;
import io.omniline.db.queue.QueueSettings;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.ivr.run.CallChannel;
import io.omniline.ivr.run.CallContext;
import io.omniline.ivr.run.CallerHungUpException;
import io.omniline.ivr.run.CustomerDirectory;
import io.omniline.ivr.run.FlowInterpreter;
import io.omniline.ivr.run.IvrOutcome;
import io.omniline.ivr.run.IvrResult;
import io.omniline.ivr.run.Step;
import io.omniline.ivr.run.SurveyAnswers;
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
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code AGI(…/survey?interaction=N)}: the dialplan's step after the agent hung up (Queue()'s
 * {@code c} option, QUEUESTATUS=CONTINUE). When the call's queue has surveys on, the caller hears
 * the published "survey" flow and the survey counts as offered; its rating node keeps the score on
 * the interaction through {@link CsatSurveys}. The survey speaks the language the caller heard in
 * the IVR, not the survey flow's own: the IVR leaves it on the channel ({@code CHANNEL(language)}),
 * and Asterisk hands it to this session as {@code agi_language}. Otherwise, or when the database cannot say within
 * the call's budget, the caller hears nothing more and the dialplan hangs up. A comment node
 * records the caller into {@code reports.surveys.asteriskCommentDirectory} on Asterisk's host, under a
 * name this handler makes (never from the caller's input), and keeps that name on the survey.
 *
 * <p>The interaction id comes from a channel variable, so it is only believed for the call whose
 * Uniqueid opened that interaction. The caller never waits for the answer to be written: the
 * offer, the score and the survey's steps are written on the call's database worker in order, so a
 * hung database stores them when it answers again, and one that refuses them is loud in the log
 * and in {@code omniline_survey_records_lost_total}.
 */
public final class SurveyCallHandler {

    private static final Logger log = LoggerFactory.getLogger(SurveyCallHandler.class);
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
    static final String VIA = "voice";

    private final PublishedFlows flows;
    private final InteractionRepository interactions;
    private final IvrPathRepository paths;
    private final QueueSettings queues;
    private final CsatSurveys surveys;
    private final Duration databaseBudget;
    private final int stepLimit;
    /** Where Asterisk writes comments (its own path, without a trailing /); null: comments are not recorded. */
    private final String commentDirectory;

    private final Clock clock;
    private final MeterRegistry registry;
    private final Counter recordsLost;
    private final UnfinishedCalls unfinished = new UnfinishedCalls();

    SurveyCallHandler(
            PublishedFlows flows,
            Repositories repositories,
            IvrCallHandler.Settings settings,
            Clock clock,
            MeterRegistry registry) {
        this.flows = flows;
        this.interactions = repositories.interactions();
        this.paths = repositories.ivrPaths();
        this.queues = repositories.queueSettings();
        this.surveys = repositories.csatSurveys();
        this.databaseBudget = settings.databaseBudget();
        this.stepLimit = settings.stepLimit();
        String directory = settings.surveyCommentDirectory();
        this.commentDirectory = directory == null || directory.isBlank()
                ? null
                : directory.strip().replaceAll("/+$", "");
        this.clock = clock;
        this.registry = registry;
        this.recordsLost = Counter.builder("omniline_survey_records_lost_total")
                .description("survey offers, answers or steps after a call that could not be stored")
                .register(registry);
    }

    /**
     * The handler over Omniline's database ({@code repositories} should give up on a hung server,
     * see {@code Database.repositories(Duration)}), with the IVR's budget and step limit.
     */
    public static SurveyCallHandler overDatabase(
            Repositories repositories,
            PublishedFlows flows,
            IvrCallHandler.Settings settings,
            Clock clock,
            MeterRegistry registry) {
        return new SurveyCallHandler(flows, repositories, settings, clock, registry);
    }

    /** @param interactionParameter the script's {@code interaction} parameter, as the dialplan gave it */
    public void handle(IncomingCall call, CallChannel channel, String interactionParameter) {
        try (CallDatabase database = unfinished.open(databaseBudget)) {
            Ready ready = ready(call, interactionParameter, database);
            if (ready != null) {
                run(call, channel, ready, database);
            }
            hangUp(channel);
        }
    }

    /**
     * Waits up to {@code timeout} for every survey's records to be stored.
     *
     * @return the calls whose records were still not stored
     */
    public int awaitRecords(Duration timeout) throws InterruptedException {
        return unfinished.await(timeout);
    }

    /** The survey to put to this caller, offered; null when there is none (the reason is logged). */
    private Ready ready(IncomingCall call, String interactionParameter, CallDatabase database) {
        if (interactionParameter == null || !ID.matcher(interactionParameter).matches()) {
            skipped(call, "no_interaction", "the dialplan gave no interaction id (" + interactionParameter + ")");
            return null;
        }
        long id = Long.parseLong(interactionParameter);
        Decision decision;
        try {
            decision = database.await("the call's survey", () -> decide(call, id));
        } catch (DatabaseDeadlineException e) {
            skipped(call, "database", e.getMessage() + " within the budget of " + databaseBudget.toMillis() + " ms");
            return null;
        } catch (RuntimeException e) {
            skipped(call, "database", "the database failed: " + e);
            return null;
        }
        if (decision.ready() == null) {
            skipped(call, decision.outcome(), decision.reason());
        }
        return decision.ready();
    }

    private Decision decide(IncomingCall call, long id) {
        Interaction interaction = interactions.findById(id).orElse(null);
        if (interaction == null
                || interaction.channel() != Channel.voice
                || !call.uniqueId().equals(interaction.externalId())) {
            return Decision.none("not_this_call", "interaction " + id + " is not this call's");
        }
        if (interaction.queueName() == null || !queues.surveysEnabled(interaction.queueName())) {
            return Decision.none("surveys_off", "queue " + interaction.queueName() + " has surveys off");
        }
        LiveFlow flow = flows.forName(ExampleFlows.SURVEY).orElse(null);
        if (flow == null) {
            return Decision.none("no_flow", "no flow named " + ExampleFlows.SURVEY + " is published");
        }
        surveys.offer(id, VIA, clock.instant());
        return new Decision(new Ready(id, flow, paths.path(id).size()), "offered", null);
    }

    private void run(IncomingCall call, CallChannel channel, Ready ready, CallDatabase database) {
        CallContext context = new CallContext(
                call.callerNumber(),
                call.callerName(),
                call.dialled(),
                clock.instant(),
                Map.of(),
                call.spokenLanguage());
        List<Step> steps = new ArrayList<>();
        FlowInterpreter interpreter = new FlowInterpreter(
                name -> name.equals(ready.flow().name())
                        ? Optional.of(ready.flow().flow())
                        : database.await("the flow " + name, () -> flows.flow(name)),
                CustomerDirectory.NONE,
                clock,
                stepLimit,
                new Answers(call, ready.interactionId(), database));
        IvrOutcome outcome;
        try {
            IvrResult result = interpreter.run(ready.flow().name(), ready.flow().flow(), channel, context, steps::add);
            outcome = result.outcome();
        } catch (AgiFailureException | DatabaseDeadlineException e) {
            outcome = new IvrOutcome.Failed(e.getMessage());
        }
        if (outcome instanceof IvrOutcome.Failed failed) {
            log.warn("call {}: the survey flow stopped: {}", call.uniqueId(), failed.reason());
        }
        registry.counter("omniline_survey_calls_total", "outcome", "surveyed").increment();
        List<IvrStep> stored = stored(ready, steps);
        database.later(
                () -> paths.append(ready.interactionId(), stored),
                failure -> lost(call, "the survey's steps could not be stored", failure));
    }

    /**
     * Where this call's rating and comment go: written on the call's database worker, in the order
     * the caller gave them. A comment is recorded into {@code commentDirectory} under a name made
     * here; only its name is stored.
     */
    private final class Answers implements SurveyAnswers {

        private final IncomingCall call;
        private final long interactionId;
        private final CallDatabase database;

        Answers(IncomingCall call, long interactionId, CallDatabase database) {
            this.call = call;
            this.interactionId = interactionId;
            this.database = database;
        }

        @Override
        public boolean keep(int score) {
            database.later(
                    () -> surveys.answer(interactionId, VIA, score, null, clock.instant()),
                    failure -> lost(call, "the caller's rating " + score + " could not be stored", failure));
            return true;
        }

        @Override
        public Optional<String> commentFile() {
            if (commentDirectory == null) {
                return Optional.empty();
            }
            return Optional.of(commentDirectory + "/" + SurveyCommentName.next(interactionId));
        }

        @Override
        public void keepComment(String file) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            database.later(
                    () -> {
                        if (!surveys.keepCommentRecording(interactionId, name)) {
                            log.warn("call {}: the comment {} has no survey to go with", call.uniqueId(), name);
                        }
                    },
                    failure -> lost(call, "the caller's recorded comment " + name + " could not be stored", failure));
        }
    }

    /** The survey's steps numbered after the call's IVR steps, so the interaction's path reads in order. */
    private static List<IvrStep> stored(Ready ready, List<Step> path) {
        List<IvrStep> steps = new ArrayList<>();
        for (Step step : path) {
            boolean survey = step.flow().equals(ready.flow().name());
            steps.add(new IvrStep(
                    ready.earlierSteps() + step.seq(),
                    survey ? ready.flow().flowId() : null,
                    survey ? ready.flow().version() : null,
                    step.nodeId(),
                    step.nodeType(),
                    step.input(),
                    step.outcome(),
                    step.at().atOffset(ZoneOffset.UTC)));
        }
        return steps;
    }

    private static void hangUp(CallChannel channel) {
        try {
            channel.setVariable(DialplanVariables.ACTION, "hangup");
        } catch (CallerHungUpException e) {
            log.debug("caller hung up after the survey");
        }
    }

    private void skipped(IncomingCall call, String outcome, String reason) {
        registry.counter("omniline_survey_calls_total", "outcome", outcome).increment();
        if (outcome.equals("surveys_off")) {
            log.debug("call {}: no survey: {}", call.uniqueId(), reason);
        } else {
            log.warn("call {}: no survey after the agent hung up: {}", call.uniqueId(), reason);
        }
    }

    private void lost(IncomingCall call, String what, RuntimeException e) {
        recordsLost.increment();
        log.error(
                "call {} from {}: {}; the caller heard the survey's end: {}",
                call.uniqueId(),
                call.channel(),
                what,
                e.toString());
    }

    /** A survey to run: the interaction it rates, the published flow and how many IVR steps the call already has. */
    private record Ready(long interactionId, LiveFlow flow, int earlierSteps) {}

    /** Whether this call gets a survey; when not, a metric outcome and the reason in words. */
    private record Decision(Ready ready, String outcome, String reason) {

        static Decision none(String outcome, String reason) {
            return new Decision(null, outcome, reason);
        }
    }
}

package io.omniline.telephony.ivr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.SqlStates;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.IvrPathRepository;
import io.omniline.db.interaction.IvrStep;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.jooq.enums.Channel;
import io.omniline.db.jooq.enums.InteractionOutcome;
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
import io.omniline.telephony.agi.AgiFailureException;
import io.omniline.telephony.flows.PublishedFlows;
import io.omniline.telephony.flows.PublishedFlows.LiveFlow;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one caller through the IVR: picks the published flow for the call, finds the caller,
 * opens the voice interaction keyed by the channel's uniqueid, runs the flow, stores the path
 * and leaves the dialplan the variables it needs. The caller is never stranded: with no flow,
 * a broken flow or a lost database the call goes to the fallback queue, and a record that
 * cannot be written is reported loudly (log and {@code omniline_ivr_records_lost_total}).
 */
public final class IvrCallHandler {

    private static final Logger log = LoggerFactory.getLogger(IvrCallHandler.class);

    private final PublishedFlows flows;
    private final Callers callers;
    private final InteractionRepository interactions;
    private final IvrPathRepository paths;
    private final String fallbackQueue;
    private final int stepLimit;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Counter recordsLost;
    private final Counter noFlow;

    public IvrCallHandler(PublishedFlows flows, Callers callers, InteractionRepository interactions,
                          IvrPathRepository paths, String fallbackQueue, int stepLimit, Clock clock, MeterRegistry registry) {
        this.flows = flows;
        this.callers = callers;
        this.interactions = interactions;
        this.paths = paths;
        this.fallbackQueue = fallbackQueue;
        this.stepLimit = stepLimit;
        this.clock = clock;
        this.registry = registry;
        this.recordsLost = Counter.builder("omniline_ivr_records_lost_total")
                .description("IVR calls whose interaction or path could not be stored").register(registry);
        this.noFlow = Counter.builder("omniline_ivr_no_flow_total")
                .description("calls for which no published flow was found").register(registry);
    }

    /** The handler over Omniline's database: customers, interactions and paths from {@code dsl}. */
    public static IvrCallHandler overDatabase(DSLContext dsl, PublishedFlows flows, IdentityNormalizer normalizer,
                                              String fallbackQueue, int stepLimit, Clock clock, MeterRegistry registry) {
        InteractionRepository interactions = new InteractionRepository(dsl);
        return new IvrCallHandler(flows,
                new Callers(new CustomerRepository(dsl), interactions, normalizer), interactions, new IvrPathRepository(dsl),
                fallbackQueue, stepLimit, clock, registry);
    }

    /**
     * A prompt Asterisk could not play on a call (no such sound file in that language): a flow
     * error, loud in the log and in {@code omniline_ivr_prompts_unplayed_total}; the flow goes on
     * without it.
     */
    public void promptNotPlayed(String uniqueId, String prompt, String language) {
        registry.counter("omniline_ivr_prompts_unplayed_total", "prompt", prompt).increment();
        log.error("call {}: prompt {} could not be played in language {} (Asterisk has no such sound file); "
                + "the flow goes on without it", uniqueId, prompt, language);
    }

    /** @param startNode the node to resume at, or null for the flow's start */
    public void handle(IncomingCall call, CallChannel channel, String startNode) {
        Optional<LiveFlow> flow;
        try {
            flow = call.flowName() != null ? flows.forName(call.flowName()) : flows.forNumber(call.dialled());
        } catch (RuntimeException e) {
            lost(call, "the flow could not be loaded", e);
            toFallbackQueue(channel, null);
            return;
        }
        if (flow.isEmpty()) {
            noFlow.increment();
            log.warn("no published flow for call {} (flow {}, dialled {}); sending it to queue {}", call.uniqueId(),
                    call.flowName(), call.dialled(), fallbackQueue);
            toFallbackQueue(channel, null);
            return;
        }
        Optional<CustomerFacts> customer = lookUp(call);
        OpenedCall opened = open(call, customer);
        CallFlows resolved = new CallFlows(flows, flow.get());
        CustomerDirectory directory = directory(call, customer);
        CallContext context = new CallContext(call.callerNumber(), call.callerName(), call.dialled(), clock.instant(), Map.of());
        Flow entry = flow.get().flow();
        String start = startNode != null && entry.node(startNode) != null ? startNode : entry.start();
        List<Step> steps = new ArrayList<>();
        IvrResult result;
        try {
            result = new FlowInterpreter(resolved, directory, clock, stepLimit)
                    .run(flow.get().name(), entry, start, channel, context, steps::add);
        } catch (AgiFailureException e) {
            result = new IvrResult(new IvrOutcome.Failed(e.getMessage()), steps, Map.of(), entry.language(),
                    customer.orElse(null));
        }
        apply(result.outcome(), channel, opened.interaction());
        record(call, opened, resolved, result);
        registry.counter("omniline_ivr_calls_total", "outcome", outcomeName(result.outcome())).increment();
    }

    private Optional<CustomerFacts> lookUp(IncomingCall call) {
        try {
            return callers.byPhone(call.callerNumber());
        } catch (RuntimeException e) {
            lost(call, "the caller could not be looked up", e);
            return Optional.empty();
        }
    }

    /**
     * Opens the interaction; a call coming back into the IVR from a queue already has one, found
     * by its uniqueid (only then is the stored path read, to number the new steps after it).
     */
    private OpenedCall open(IncomingCall call, Optional<CustomerFacts> customer) {
        try {
            try {
                return new OpenedCall(interactions.open(NewInteraction.inboundCall(call.uniqueId(), call.linkedId(),
                        customer.map(CustomerFacts::id).orElse(null), call.callerNumber())), 0);
            } catch (DataAccessException e) {
                if (!SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
                    throw e;
                }
                Interaction existing = interactions.findByExternalId(Channel.voice, call.uniqueId()).orElseThrow(() -> e);
                return new OpenedCall(existing, paths.path(existing.id()).size());
            }
        } catch (RuntimeException e) {
            lost(call, "the interaction could not be opened", e);
            return new OpenedCall(null, 0);
        }
    }

    /** The call's interaction (null when it could not be opened) and how many IVR steps it had before this visit. */
    private record OpenedCall(Interaction interaction, int earlierSteps) {
    }

    private CustomerDirectory directory(IncomingCall call, Optional<CustomerFacts> caller) {
        return new CustomerDirectory() {
            public Optional<CustomerFacts> byPhone(String callerNumber) {
                return caller;
            }

            public Optional<CustomerFacts> byAccount(String digits) {
                try {
                    return callers.byAccount(digits);
                } catch (RuntimeException e) {
                    lost(call, "the account could not be looked up", e);
                    return Optional.empty();
                }
            }
        };
    }

    /** Tells the dialplan what to do next and moves the interaction on. */
    private void apply(IvrOutcome outcome, CallChannel channel, Interaction interaction) {
        try {
            switch (outcome) {
                case IvrOutcome.Queued queued -> {
                    setQueue(channel, interaction, queued.queue(), queued.priority(), queued.maxWaitSeconds());
                    channel.setVariable(DialplanVariables.RESUME_FLOW, queued.flow());
                    channel.setVariable(DialplanVariables.RESUME_NODE, queued.onTimeout() == null ? "" : queued.onTimeout());
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
                case IvrOutcome.CallerHungUp gone -> {
                }
                case IvrOutcome.Failed failed -> {
                    log.warn("IVR flow failed for call {}: {}; sending it to queue {}",
                            interaction == null ? "?" : interaction.externalId(), failed.reason(), fallbackQueue);
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

    private static void setQueue(CallChannel channel, Interaction interaction, String queue, int priority, Integer maxWait) {
        action(channel, interaction, "queue");
        channel.setVariable(DialplanVariables.QUEUE, queue);
        channel.setVariable(DialplanVariables.QUEUE_PRIORITY, String.valueOf(priority));
        channel.setVariable(DialplanVariables.QUEUE_MAX_WAIT, maxWait == null ? "" : String.valueOf(maxWait));
    }

    private static void action(CallChannel channel, Interaction interaction, String action) {
        channel.setVariable(DialplanVariables.ACTION, action);
        channel.setVariable(DialplanVariables.INTERACTION_ID, interaction == null ? "" : String.valueOf(interaction.id()));
    }

    /** Stores the path and the interaction's new state; a lost record is loud but never blocks the caller. */
    private void record(IncomingCall call, OpenedCall opened, CallFlows resolved, IvrResult result) {
        Interaction interaction = opened.interaction();
        if (interaction == null) {
            return;
        }
        try {
            int offset = opened.earlierSteps();
            List<IvrStep> steps = new ArrayList<>();
            for (Step step : result.path()) {
                LiveFlow flow = resolved.used(step.flow());
                steps.add(new IvrStep(offset + step.seq(), flow == null ? null : flow.flowId(),
                        flow == null ? null : flow.version(), step.nodeId(), step.nodeType(), step.input(),
                        step.outcome(), step.at().atOffset(ZoneOffset.UTC)));
            }
            paths.append(interaction.id(), steps);
            switch (result.outcome()) {
                case IvrOutcome.Queued queued -> interactions.queue(interaction.id(), queued.queue(), queued.priority());
                case IvrOutcome.Failed failed -> interactions.queue(interaction.id(), fallbackQueue, 0);
                case IvrOutcome.CallbackRequested callback -> interactions.end(interaction.id(), InteractionOutcome.callback_requested);
                case IvrOutcome.Voicemail voicemail -> interactions.end(interaction.id(), InteractionOutcome.voicemail);
                case IvrOutcome.Transferred transferred -> interactions.end(interaction.id(), InteractionOutcome.transferred);
                case IvrOutcome.HungUp hungUp -> interactions.end(interaction.id(), InteractionOutcome.hung_up_by_ivr);
                case IvrOutcome.CallerHungUp gone -> interactions.end(interaction.id(), InteractionOutcome.abandoned_in_ivr);
            }
        } catch (RuntimeException e) {
            lost(call, "the IVR path and outcome could not be stored", e);
        }
    }

    private void lost(IncomingCall call, String what, RuntimeException e) {
        recordsLost.increment();
        log.error("call {} from {}: {}; the caller is still served: {}", call.uniqueId(), call.channel(), what, e.toString());
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

    /** The flows one call used, remembered with their versions so each step names its version. */
    private static final class CallFlows implements FlowResolver {

        private final PublishedFlows flows;
        private final Map<String, LiveFlow> used = new ConcurrentHashMap<>();

        CallFlows(PublishedFlows flows, LiveFlow entry) {
            this.flows = flows;
            used.put(entry.name(), entry);
        }

        @Override
        public Optional<Flow> flow(String name) {
            LiveFlow live = used.get(name);
            if (live == null) {
                live = flows.forName(name).orElse(null);
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

package io.omniline.ivr.run;

import io.omniline.ivr.expr.Expression;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.model.Node;
import io.omniline.ivr.model.Schedule;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a caller through a flow over a {@link CallChannel}: the same code in production (AGI)
 * and in the simulator. Every node visit becomes a {@link Step}, handed to the listener as it
 * happens so the path survives even if the call is cut. A caller hanging up ends the run
 * cleanly, with a last step at the node they hung up in; a step limit stops a flow that loops
 * forever.
 */
public final class FlowInterpreter {

    public static final int DEFAULT_STEP_LIMIT = 500;
    /** The outcome of the step at the node where the caller hung up. */
    public static final String CALLER_HUNG_UP = "caller hung up";
    /** How many goto-flow jumps one call may take. */
    public static final int MAX_FLOW_DEPTH = 8;

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final int DEFAULT_RETRIES = 2;
    private static final java.util.regex.Pattern RATING = java.util.regex.Pattern.compile("[1-5]");

    private final FlowResolver flows;
    private final CustomerDirectory directory;
    private final Clock clock;
    private final int stepLimit;
    private final SurveyAnswers surveys;

    public FlowInterpreter(FlowResolver flows, CustomerDirectory directory, Clock clock, int stepLimit) {
        this(flows, directory, clock, stepLimit, SurveyAnswers.NONE);
    }

    /** @param surveys where rating nodes keep the caller's score (a call after an agent hung up) */
    public FlowInterpreter(
            FlowResolver flows, CustomerDirectory directory, Clock clock, int stepLimit, SurveyAnswers surveys) {
        this.flows = flows;
        this.directory = directory;
        this.clock = clock;
        this.stepLimit = stepLimit;
        this.surveys = surveys;
    }

    public IvrResult run(String flowName, Flow flow, CallChannel channel, CallContext call, Consumer<Step> onStep) {
        return run(flowName, flow, flow.start(), channel, call, onStep);
    }

    /** Runs from a given node: a call coming back from a queue that timed out resumes there. */
    public IvrResult run(
            String flowName,
            Flow flow,
            String startNode,
            CallChannel channel,
            CallContext call,
            Consumer<Step> onStep) {
        Run run = new Run(flowName, flow, channel, call, onStep);
        IvrOutcome outcome;
        try {
            channel.answer();
            outcome = run.execute(startNode);
        } catch (CallerHungUpException e) {
            outcome = new IvrOutcome.CallerHungUp();
        }
        return new IvrResult(outcome, run.steps, run.variables, run.language, run.customer);
    }

    /** The state of one call inside the IVR. */
    private final class Run {

        private final CallChannel channel;
        private final CallContext call;
        private final Consumer<Step> onStep;
        private final List<Step> steps = new ArrayList<>();
        private final Map<String, String> variables;
        private String flowName;
        private Flow flow;
        private String language;
        private CustomerFacts customer;
        private int depth;

        Run(String flowName, Flow flow, CallChannel channel, CallContext call, Consumer<Step> onStep) {
            this.flowName = flowName;
            this.flow = flow;
            this.channel = channel;
            this.call = call;
            this.onStep = onStep;
            this.variables = new HashMap<>(call.variables());
            this.language = call.language() != null ? call.language() : flow.language();
        }

        IvrOutcome execute(String startNode) {
            String nodeId = startNode;
            while (true) {
                Node node = flow.node(nodeId);
                if (node == null) {
                    return new IvrOutcome.Failed("node \"" + nodeId + "\" does not exist in flow " + flowName);
                }
                if (steps.size() >= stepLimit) {
                    return new IvrOutcome.Failed(
                            "step limit of " + stepLimit + " reached at node \"" + nodeId + "\"; the flow may loop");
                }
                Transition next;
                try {
                    next = visit(nodeId, node);
                } catch (IllegalArgumentException e) {
                    return new IvrOutcome.Failed("node \"" + nodeId + "\": " + e.getMessage());
                } catch (CallerHungUpException e) {
                    // The node the caller left from belongs to the path: it is where the IVR lost them.
                    record(nodeId, node, null, CALLER_HUNG_UP);
                    throw e;
                }
                if (next.outcome() != null) {
                    return next.outcome();
                }
                nodeId = next.node();
            }
        }

        private Transition visit(String id, Node node) {
            return switch (node) {
                case Node.Play play -> {
                    channel.play(play.prompts(), language);
                    record(id, node, null, "next");
                    yield Transition.to(play.next());
                }
                case Node.Menu menu -> menu(id, menu);
                case Node.Collect collect -> collect(id, collect);
                case Node.Say say -> {
                    channel.say(say.mode(), Expression.text(evaluate(say.value())), language);
                    record(id, node, null, "next");
                    yield Transition.to(say.next());
                }
                case Node.SetVariable set -> {
                    String value = Expression.text(evaluate(set.expression()));
                    variables.put(set.variable(), value);
                    record(id, node, null, value);
                    yield Transition.to(set.next());
                }
                case Node.Branch branch -> {
                    for (int i = 0; i < branch.conditions().size(); i++) {
                        Node.Condition condition = branch.conditions().get(i);
                        if (Expression.truthy(evaluate(condition.when()))) {
                            record(id, node, null, "condition " + (i + 1));
                            yield Transition.to(condition.next());
                        }
                    }
                    record(id, node, null, "otherwise");
                    yield Transition.to(branch.otherwise());
                }
                case Node.Hours hours -> {
                    boolean open = Schedule.of(hours).isOpen(clock.instant());
                    record(id, node, null, open ? "open" : "closed");
                    yield Transition.to(open ? hours.open() : hours.closed());
                }
                case Node.Lookup lookup -> {
                    Optional<CustomerFacts> found = switch (lookup.by()) {
                        case CALLER -> directory.byPhone(call.callerNumber());
                        case ACCOUNT -> directory.byAccount(variables.getOrDefault(lookup.variable(), ""));
                    };
                    found.ifPresent(facts -> customer = facts);
                    record(id, node, null, found.isPresent() ? "found" : "not found");
                    yield Transition.to(found.isPresent() ? lookup.found() : lookup.notFound());
                }
                case Node.Queue queue -> {
                    record(id, node, null, "queued");
                    yield Transition.end(new IvrOutcome.Queued(
                            queue.queue(),
                            queue.priority() == null ? 0 : queue.priority(),
                            queue.maxWaitSeconds(),
                            Boolean.TRUE.equals(queue.announcePosition()),
                            Boolean.TRUE.equals(queue.announceWait()),
                            flowName,
                            queue.onTimeout()));
                }
                case Node.Callback callback -> callback(id, callback);
                case Node.Voicemail voicemail -> {
                    playIfAny(voicemail.prompt());
                    record(id, node, null, "voicemail");
                    yield Transition.end(new IvrOutcome.Voicemail(voicemail.mailbox()));
                }
                case Node.Transfer transfer -> {
                    record(id, node, null, "transferred");
                    yield Transition.end(new IvrOutcome.Transferred(transfer.number()));
                }
                case Node.Language choice -> {
                    String digit =
                            channel.readDigits(choice.prompt(), language, 1, timeout(choice.timeoutSeconds()), null);
                    String chosen =
                            choice.options() == null ? null : choice.options().get(digit);
                    if (chosen != null) {
                        language = chosen;
                    }
                    record(id, node, digit, chosen == null ? "kept " + language : chosen);
                    yield Transition.to(choice.next());
                }
                case Node.GotoFlow jump -> gotoFlow(id, jump);
                case Node.Rating rating -> rating(id, rating);
                case Node.Comment comment -> comment(id, comment);
                case Node.Hangup hangup -> {
                    playIfAny(hangup.prompt());
                    record(id, node, null, "hangup");
                    yield Transition.end(new IvrOutcome.HungUp());
                }
            };
        }

        private Transition menu(String id, Node.Menu menu) {
            int retries = menu.retries() == null ? DEFAULT_RETRIES : menu.retries();
            for (int attempt = 0; ; attempt++) {
                String digit = channel.readDigits(menu.prompt(), language, 1, timeout(menu.timeoutSeconds()), null);
                String target = digit.isEmpty() || menu.options() == null
                        ? null
                        : menu.options().get(digit);
                if (target != null) {
                    record(id, menu, digit, digit);
                    return Transition.to(target);
                }
                boolean timedOut = digit.isEmpty();
                record(id, menu, digit, timedOut ? "timeout" : "invalid");
                if (attempt >= retries || steps.size() >= stepLimit) {
                    return Transition.to(menu.fallback());
                }
                playIfAny(timedOut ? menu.timeoutPrompt() : menu.invalidPrompt());
            }
        }

        private Transition collect(String id, Node.Collect collect) {
            int retries = collect.retries() == null ? DEFAULT_RETRIES : collect.retries();
            int min = collect.minDigits() == null ? 1 : collect.minDigits();
            int max = collect.maxDigits() == null ? 20 : collect.maxDigits();
            for (int attempt = 0; ; attempt++) {
                String digits = channel.readDigits(
                        collect.prompt(), language, max, timeout(collect.timeoutSeconds()), collect.terminator());
                boolean valid = digits.length() >= min
                        && digits.length() <= max
                        && DigitPatterns.matches(collect.pattern(), digits);
                if (valid) {
                    variables.put(collect.variable(), digits);
                    record(id, collect, digits, "ok");
                    return Transition.to(collect.next());
                }
                record(id, collect, digits, digits.isEmpty() ? "timeout" : "invalid");
                if (attempt >= retries || steps.size() >= stepLimit) {
                    return Transition.to(collect.fallback());
                }
                playIfAny(collect.invalidPrompt());
            }
        }

        private Transition callback(String id, Node.Callback callback) {
            String digit = channel.readDigits(callback.prompt(), language, 1, timeout(callback.timeoutSeconds()), null);
            String number =
                    callback.numberVariable() == null ? call.callerNumber() : variables.get(callback.numberVariable());
            if (digit.equals(callback.acceptDigit()) && number != null && !number.isBlank()) {
                record(id, callback, digit, "accepted");
                return Transition.end(new IvrOutcome.CallbackRequested(number, callback.queue()));
            }
            record(id, callback, digit, "declined");
            return Transition.to(callback.declined());
        }

        private Transition rating(String id, Node.Rating rating) {
            String value = variables.get(rating.from());
            if (value == null || !RATING.matcher(value).matches()) {
                record(id, rating, value, "not a rating from 1 to 5");
            } else {
                int score = Integer.parseInt(value);
                record(id, rating, value, surveys.keep(score) ? "rated " + score : "not kept: no survey on this call");
            }
            return Transition.to(rating.next());
        }

        /**
         * A caller who hangs up while recording has still left a comment: it is kept, and the
         * hang-up ends the run as it would anywhere else.
         */
        private Transition comment(String id, Node.Comment comment) {
            Optional<String> file = surveys.commentFile();
            if (file.isEmpty()) {
                record(id, comment, null, "not recorded: no survey on this call");
                return Transition.to(comment.next());
            }
            Recording recording = channel.record(
                    comment.prompt(),
                    language,
                    file.get(),
                    seconds(comment.maxSeconds(), Node.Comment.DEFAULT_MAX_SECONDS),
                    seconds(comment.silenceSeconds(), Node.Comment.DEFAULT_SILENCE_SECONDS));
            if (recording.hasSound()) {
                surveys.keepComment(file.get());
            }
            String outcome = recording.hasSound()
                    ? "comment recorded (" + (recording.samples() / 8) + " ms)"
                    : recording.ending() == Recording.Ending.FAILED
                            ? "not recorded: Asterisk could not write it"
                            : "no comment";
            // The key that ended it is the step's input, as for keys pressed elsewhere (a replay presses it again).
            String key = recording.ending() == Recording.Ending.KEY ? "#" : null;
            if (recording.ending() == Recording.Ending.HANGUP) {
                record(id, comment, key, outcome + "; " + CALLER_HUNG_UP);
                return Transition.end(new IvrOutcome.CallerHungUp());
            }
            record(id, comment, key, outcome);
            return Transition.to(comment.next());
        }

        private Transition gotoFlow(String id, Node.GotoFlow jump) {
            record(id, jump, null, jump.flow());
            if (++depth > MAX_FLOW_DEPTH) {
                return Transition.end(
                        new IvrOutcome.Failed("more than " + MAX_FLOW_DEPTH + " goto-flow jumps in one call"));
            }
            Optional<Flow> target = flows.flow(jump.flow());
            if (target.isEmpty()) {
                return Transition.end(new IvrOutcome.Failed("flow \"" + jump.flow() + "\" is not published"));
            }
            flowName = jump.flow();
            flow = target.get();
            return Transition.to(flow.start());
        }

        private Object evaluate(String expression) {
            return Expression.parse(expression).evaluate(this::name);
        }

        /** The names a flow's expressions can read. */
        private Object name(String path) {
            switch (path) {
                case "caller.number":
                    return call.callerNumber();
                case "caller.name":
                    return call.callerName();
                case "dialled":
                    return call.dialledNumber();
                case "language":
                    return language;
                case "customer.known":
                    return customer != null;
                default:
                    break;
            }
            if (path.startsWith("customer.")) {
                if (customer == null) {
                    return null;
                }
                return switch (path.substring("customer.".length())) {
                    case "id" -> BigDecimal.valueOf(customer.id());
                    case "name" -> customer.name();
                    case "vip" -> customer.vip();
                    case "openInteraction" -> customer.openInteraction();
                    default -> customer.attributes().get(path.substring("customer.".length()));
                };
            }
            return variables.get(path);
        }

        private void playIfAny(String prompt) {
            if (prompt != null) {
                channel.play(List.of(prompt), language);
            }
        }

        private void record(String nodeId, Node node, String input, String outcome) {
            Step step = new Step(steps.size() + 1, flowName, nodeId, node.typeName(), input, outcome, clock.instant());
            steps.add(step);
            onStep.accept(step);
        }
    }

    private static Duration seconds(Integer seconds, int otherwise) {
        return Duration.ofSeconds(seconds == null ? otherwise : seconds);
    }

    private static Duration timeout(Integer seconds) {
        return seconds == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(seconds);
    }

    /** Either the next node or the end of the IVR. */
    private record Transition(String node, IvrOutcome outcome) {

        static Transition to(String node) {
            return new Transition(node, null);
        }

        static Transition end(IvrOutcome outcome) {
            return new Transition(null, outcome);
        }
    }
}

package io.omniline.ivr.validate;

import io.omniline.ivr.expr.Expression;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.LookupBy;
import io.omniline.ivr.model.Node;
import io.omniline.ivr.model.ParsedFlow;
import io.omniline.ivr.model.Problem;
import io.omniline.ivr.model.Schedule;
import io.omniline.ivr.run.FlowInterpreter;
import io.omniline.ivr.run.FlowResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every problem of a flow, each with its node and a message an admin can act on. Errors block
 * publishing. Runs in time linear in the flow's size, so a 10,000-node flow is checked as fast
 * as it is typed.
 */
public final class FlowValidator {

    private static final Pattern DIGIT = Pattern.compile("[0-9*#]");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern LANGUAGE = Flow.LANGUAGE_CODE;
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]{1,32}");
    /** What Asterisk's queues.conf takes as a queue name; "support=1" is a queue and a penalty typed together. */
    private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_.-]{1,80}");

    /** A comment is a few sentences; five minutes at 8 kHz 16-bit is under 5 MB. */
    private static final int MIN_COMMENT_SECONDS = 5;

    private static final int MAX_COMMENT_SECONDS = 300;

    private static final Set<String> RESERVED = Set.of("caller", "customer", "dialled", "language");

    /** The designer's words for each exit (flow-model.js LABELS), so a problem reads like the form. */
    private static final Map<String, String> EXITS = Map.of(
            "next", "then go to",
            "otherwise", "when no condition holds",
            "open", "when open",
            "closed", "when closed",
            "found", "when the customer is found",
            "notFound", "when no customer is found",
            "onTimeout", "when the wait in queue ends",
            "declined", "when the caller declines");

    private final ValidationContext context;
    private final FlowParser parser = new FlowParser();

    public FlowValidator(ValidationContext context) {
        this.context = context;
    }

    public List<Problem> validate(String flowName, String json) {
        ParsedFlow parsed = parser.parse(json);
        List<Problem> problems = new ArrayList<>(parsed.problems());
        if (parsed.flow() != null) {
            problems.addAll(validate(flowName, parsed.flow(), parsed.unreadable()));
        }
        return problems;
    }

    public List<Problem> validate(String flowName, Flow flow) {
        return validate(flowName, flow, Set.of());
    }

    /**
     * A node that could not be read still exists: exits to it are not reported, and the paths are
     * judged only once every node reads, since a hole in the graph would make the nodes behind it
     * look unreachable (one mistake, one problem).
     */
    private List<Problem> validate(String flowName, Flow flow, Set<String> unreadable) {
        Checks checks = new Checks(flow, unreadable);
        if (flow.start() != null && flow.node(flow.start()) == null && !unreadable.contains(flow.start())) {
            checks.problems.add(
                    Problem.error(null, "start", "the start node \"" + flow.start() + "\" is not a node of this flow"));
        }
        if (!LANGUAGE.matcher(flow.language()).matches()) {
            checks.problems.add(Problem.error(
                    null, "language", "the language \"" + flow.language() + "\" is not a code like en or pt_BR"));
        }
        flow.nodes().forEach((id, node) -> checks.node(flowName, id, node));
        if (unreadable.isEmpty()) {
            checks.problems.addAll(new FlowGraph(flow).problems());
        }
        return checks.problems;
    }

    /** The per-node rules, collecting problems for one flow. */
    private final class Checks {

        private final Flow flow;
        private final Set<String> unreadable;
        private final List<Problem> problems = new ArrayList<>();

        Checks(Flow flow, Set<String> unreadable) {
            this.flow = flow;
            this.unreadable = unreadable;
        }

        void node(String flowName, String id, Node node) {
            for (String prompt : node.prompts()) {
                if (prompt != null
                        && context.prompts() != null
                        && !context.prompts().contains(prompt)) {
                    problems.add(Problem.error(
                            id,
                            promptKey(node, prompt),
                            "the prompt \"" + prompt + "\" does not exist in the prompt library; "
                                    + "upload a recording of it or pick one from the library"));
                }
            }
            switch (node) {
                case Node.Play play -> {
                    if (play.prompts() == null || play.prompts().isEmpty()) {
                        error(id, "prompts", "pick at least one prompt to play");
                    }
                    target(id, "next", play.next());
                }
                case Node.Menu menu -> menu(id, menu);
                case Node.Collect collect -> collect(id, collect);
                case Node.Say say -> {
                    if (say.mode() == null) {
                        error(id, "mode", "choose how to say it: as digits, as a number or as letters");
                    }
                    expression(id, "value", "what to say", say.value());
                    target(id, "next", say.next());
                }
                case Node.SetVariable set -> {
                    variable(id, "variable", set.variable());
                    expression(id, "expression", "the value to keep", set.expression());
                    target(id, "next", set.next());
                }
                case Node.Branch branch -> {
                    if (branch.conditions() == null || branch.conditions().isEmpty()) {
                        error(id, "conditions", "add at least one condition");
                    } else {
                        for (int i = 0; i < branch.conditions().size(); i++) {
                            Node.Condition condition = branch.conditions().get(i);
                            expression(id, "conditions", "condition " + (i + 1), condition.when());
                            target(id, "conditions", "condition " + (i + 1), condition.next());
                        }
                    }
                    target(id, "otherwise", branch.otherwise());
                }
                case Node.Hours hours -> {
                    try {
                        Schedule.of(hours);
                    } catch (IllegalArgumentException e) {
                        error(id, "weekly", "the opening hours are not valid: " + e.getMessage());
                    }
                    target(id, "open", hours.open());
                    target(id, "closed", hours.closed());
                }
                case Node.Lookup lookup -> {
                    if (lookup.by() == null) {
                        error(
                                id,
                                "by",
                                "choose how to find the customer: by the caller's number or by an account number");
                    } else if (lookup.by() == LookupBy.ACCOUNT) {
                        variable(id, "variable", lookup.variable());
                    }
                    target(id, "found", lookup.found());
                    target(id, "notFound", lookup.notFound());
                }
                case Node.Queue queue -> {
                    queueName(id, queue.queue());
                    if (queue.priority() != null && (queue.priority() < 0 || queue.priority() > 100)) {
                        error(id, "priority", "the priority must be from 0 to 100");
                    }
                    if (queue.maxWaitSeconds() != null && queue.maxWaitSeconds() <= 0) {
                        error(id, "maxWaitSeconds", "the longest wait in queue must be more than 0 seconds");
                    }
                    if (queue.onTimeout() != null) {
                        target(id, "onTimeout", queue.onTimeout());
                    }
                    if (queue.skills() != null && !queue.skills().isEmpty()) {
                        error(
                                id,
                                "skills",
                                "skills cannot route a call: Asterisk's queues cannot choose an agent by skill for "
                                        + "one call. Remove it and send the caller to a queue of agents who have the skill (each "
                                        + "agent joins it with a penalty)");
                    }
                }
                case Node.Callback callback -> {
                    if (callback.prompt() == null) {
                        error(id, "prompt", "pick the prompt that offers the callback");
                    }
                    digit(id, "acceptDigit", "the key that accepts a callback", callback.acceptDigit());
                    if (callback.numberVariable() != null) {
                        variable(id, "numberVariable", callback.numberVariable());
                    }
                    queueName(id, callback.queue());
                    target(id, "declined", callback.declined());
                }
                case Node.Voicemail voicemail -> {
                    if (voicemail.mailbox() == null || voicemail.mailbox().isBlank()) {
                        error(id, "mailbox", "name the mailbox the message is left in");
                    }
                }
                case Node.Transfer transfer -> {
                    if (transfer.number() == null
                            || !NUMBER.matcher(transfer.number()).matches()) {
                        error(
                                id,
                                "number",
                                "the number to transfer to, \"" + (transfer.number() == null ? "" : transfer.number())
                                        + "\", must be digits, * or #, with an optional leading +");
                    }
                }
                case Node.Language language -> {
                    if (language.options() == null || language.options().isEmpty()) {
                        error(id, "options", "add at least one key and the language it picks");
                    } else {
                        language.options().forEach((digit, code) -> {
                            digit(id, "options", "a key", digit);
                            if (code == null || !LANGUAGE.matcher(code).matches()) {
                                error(
                                        id,
                                        "options",
                                        "key " + digit + " picks \"" + code
                                                + "\", which is not a language code like en or pt_BR");
                            }
                        });
                    }
                    timeout(id, language.timeoutSeconds(), false);
                    target(id, "next", language.next());
                }
                case Node.GotoFlow jump -> gotoFlow(flowName, id, jump);
                case Node.Rating rating -> rating(id, rating);
                case Node.Comment comment -> comment(id, comment);
                case Node.Hangup hangup -> {}
            }
        }

        private void menu(String id, Node.Menu menu) {
            if (menu.prompt() == null) {
                error(id, "prompt", "pick the prompt that reads the menu");
            }
            if (menu.options() == null || menu.options().isEmpty()) {
                error(id, "options", "add at least one key and where it goes");
            } else {
                menu.options().forEach((digit, next) -> {
                    digit(id, "options", "a key", digit);
                    target(id, "options", "key " + digit, next);
                });
            }
            timeout(id, menu.timeoutSeconds(), true);
            if (menu.retries() != null && (menu.retries() < 0 || menu.retries() > 9)) {
                error(id, "retries", "more tries allowed must be from 0 to 9");
            }
            if (menu.fallback() == null) {
                error(id, "fallback", "choose where the caller goes when the tries run out");
            } else {
                target(id, "fallback", "when the tries run out", menu.fallback());
            }
        }

        private void collect(String id, Node.Collect collect) {
            variable(id, "variable", collect.variable());
            int min = collect.minDigits() == null ? 1 : collect.minDigits();
            int max = collect.maxDigits() == null ? 20 : collect.maxDigits();
            if (min < 1 || max > 32 || min > max) {
                error(
                        id,
                        "minDigits",
                        "the fewest and the most digits must be from 1 to 32, the fewest first (not " + min + " to "
                                + max + ")");
            }
            // Asterisk's GET DATA always ends input at #; no other key can be honoured.
            if (collect.terminator() != null && !collect.terminator().equals("#")) {
                error(id, "terminator", "the key that ends the entry can only be # (Asterisk ends digit entry with #)");
            }
            if (collect.pattern() != null) {
                try {
                    Pattern.compile(collect.pattern());
                } catch (PatternSyntaxException e) {
                    error(
                            id,
                            "pattern",
                            "the pattern \"" + collect.pattern() + "\" is not a valid regular expression: "
                                    + e.getDescription());
                }
            }
            timeout(id, collect.timeoutSeconds(), true);
            target(id, "next", collect.next());
            target(id, "fallback", "when the tries run out", collect.fallback());
        }

        /** The score must come from the caller's keys: a collect node of this flow keeps it in the variable. */
        private void rating(String id, Node.Rating rating) {
            variable(id, "from", rating.from());
            boolean collected = flow.nodes().values().stream()
                    .anyMatch(node -> node instanceof Node.Collect collect
                            && rating.from() != null
                            && rating.from().equals(collect.variable()));
            if (rating.from() != null && !collected) {
                error(
                        id,
                        "from",
                        "no collect node of this flow keeps the caller's key as \"" + rating.from()
                                + "\"; add one (1 digit, pattern [1-5]) before the rating");
            }
            target(id, "next", rating.next());
        }

        private void comment(String id, Node.Comment comment) {
            if (comment.prompt() == null) {
                error(id, "prompt", "pick the prompt that asks for the comment (after the tone, press # when done)");
            }
            int most = comment.maxSeconds() == null ? Node.Comment.DEFAULT_MAX_SECONDS : comment.maxSeconds();
            if (most < MIN_COMMENT_SECONDS || most > MAX_COMMENT_SECONDS) {
                error(
                        id,
                        "maxSeconds",
                        "the longest comment must be from " + MIN_COMMENT_SECONDS + " to " + MAX_COMMENT_SECONDS
                                + " seconds");
            }
            if (comment.silenceSeconds() != null
                    && (comment.silenceSeconds() < 1
                            || comment.silenceSeconds() > 30
                            || comment.silenceSeconds() >= most)) {
                error(
                        id,
                        "silenceSeconds",
                        "the silence that ends the comment must be from 1 to 30 seconds, and shorter than the longest comment");
            }
            target(id, "next", comment.next());
        }

        private void gotoFlow(String flowName, String id, Node.GotoFlow jump) {
            if (jump.flow() == null) {
                error(id, "flow", "pick the flow to go to");
                return;
            }
            if (jump.flow().equals(flowName)) {
                error(id, "flow", "the flow goes to itself; loop inside the flow with a counter instead");
                return;
            }
            if (context.flows().flow(jump.flow()).isEmpty()) {
                error(id, "flow", "the flow \"" + jump.flow() + "\" does not exist or is not published");
                return;
            }
            String problem = new FlowChain(context.flows(), flowName).follow(jump.flow());
            if (problem != null) {
                error(id, "flow", problem);
            }
        }

        private void timeout(String id, Integer seconds, boolean required) {
            if (seconds == null && required) {
                error(id, "timeoutSeconds", "set how long to wait for a key (seconds)");
            } else if (seconds != null && (seconds < 1 || seconds > 60)) {
                error(id, "timeoutSeconds", "the time to wait for a key must be from 1 to 60 seconds");
            }
        }

        private void digit(String id, String key, String what, String digit) {
            if (digit == null || !DIGIT.matcher(digit).matches()) {
                error(id, key, what + " must be one key, 0-9, * or # (not \"" + (digit == null ? "" : digit) + "\")");
            }
        }

        private void variable(String id, String key, String name) {
            if (name == null || !VARIABLE.matcher(name).matches() || RESERVED.contains(name)) {
                error(
                        id,
                        key,
                        "the name \"" + (name == null ? "" : name) + "\" cannot keep a value: use letters, digits"
                                + " and _, start with a letter, and not caller, customer, dialled or language");
            }
        }

        private void expression(String id, String key, String what, String text) {
            try {
                Expression.parse(text);
            } catch (IllegalArgumentException e) {
                error(id, key, what + " is not a valid expression: " + e.getMessage());
            }
        }

        private void queueName(String id, String queue) {
            if (queue == null || queue.isBlank()) {
                error(id, "queue", "pick a queue");
            } else if (!QUEUE.matcher(queue).matches()) {
                error(
                        id,
                        "queue",
                        "queue \"" + queue + "\" is not a queue name: use letters, digits, '.', '-' and '_' only"
                                + (queue.contains("=") || queue.contains(":")
                                        ? " (set the priority in its own field)"
                                        : ""));
            } else if (context.queues() != null && !context.queues().contains(queue)) {
                error(
                        id,
                        "queue",
                        "queue \"" + queue + "\" is not configured (known: "
                                + String.join(
                                        ", ", context.queues().stream().sorted().toList()) + ")");
            }
        }

        /** An exit whose words are the designer's label for it: "next" is "then go to". */
        private void target(String id, String key, String target) {
            target(id, key, EXITS.getOrDefault(key, key), target);
        }

        private void target(String id, String key, String exit, String target) {
            if (target == null) {
                error(id, key, "\u201c" + exit + "\u201d goes nowhere: pick the node the call goes to");
            } else if (flow.node(target) == null && !unreadable.contains(target)) {
                error(id, key, "\u201c" + exit + "\u201d goes to \"" + target + "\", which is not a node of this flow");
            }
        }

        private void error(String id, String key, String message) {
            problems.add(Problem.error(id, key, message));
        }
    }

    /** The field of the node that names the prompt: a menu has three. */
    private static String promptKey(Node node, String prompt) {
        return switch (node) {
            case Node.Play play -> "prompts";
            case Node.Menu menu
            when prompt.equals(menu.invalidPrompt()) && !prompt.equals(menu.prompt()) -> "invalidPrompt";
            case Node.Menu menu
            when prompt.equals(menu.timeoutPrompt()) && !prompt.equals(menu.prompt()) -> "timeoutPrompt";
            default -> "prompt";
        };
    }

    /** Follows goto-flow jumps from one flow through the others, looking for loops and depth. */
    private record FlowChain(FlowResolver flows, String origin) {

        String follow(String first) {
            List<List<String>> frontier = List.of(List.of(origin, first));
            for (int depth = 1; !frontier.isEmpty(); depth++) {
                if (depth > FlowInterpreter.MAX_FLOW_DEPTH) {
                    return "goto-flow chain " + String.join(" -> ", frontier.get(0)) + " is deeper than "
                            + FlowInterpreter.MAX_FLOW_DEPTH + " flows";
                }
                List<List<String>> next = new ArrayList<>();
                for (List<String> chain : frontier) {
                    Flow flow = flows.flow(chain.get(chain.size() - 1)).orElse(null);
                    if (flow == null) {
                        continue;
                    }
                    for (Node node : flow.nodes().values()) {
                        if (node instanceof Node.GotoFlow jump && jump.flow() != null) {
                            List<String> longer = new ArrayList<>(chain);
                            longer.add(jump.flow());
                            if (chain.contains(jump.flow())) {
                                return "goto-flow loop " + String.join(" -> ", longer);
                            }
                            next.add(longer);
                        }
                    }
                }
                frontier = next;
            }
            return null;
        }
    }
}

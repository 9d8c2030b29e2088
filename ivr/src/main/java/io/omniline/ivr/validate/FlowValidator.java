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
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(_[A-Z]{2})?");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]{1,32}");
    /** What Asterisk's queues.conf takes as a queue name; "support=1" is a queue and a penalty typed together. */
    private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_.-]{1,80}");

    private static final Set<String> RESERVED = Set.of("caller", "customer", "dialled", "language");

    private final ValidationContext context;
    private final FlowParser parser = new FlowParser();

    public FlowValidator(ValidationContext context) {
        this.context = context;
    }

    public List<Problem> validate(String flowName, String json) {
        ParsedFlow parsed = parser.parse(json);
        List<Problem> problems = new ArrayList<>(parsed.problems());
        if (parsed.flow() != null) {
            problems.addAll(validate(flowName, parsed.flow()));
        }
        return problems;
    }

    public List<Problem> validate(String flowName, Flow flow) {
        Checks checks = new Checks(flow);
        if (flow.start() != null && flow.node(flow.start()) == null) {
            checks.problems.add(Problem.error(null, "\"start\" names \"" + flow.start() + "\", which is not a node"));
        }
        if (!LANGUAGE.matcher(flow.language()).matches()) {
            checks.problems.add(
                    Problem.error(null, "language \"" + flow.language() + "\" is not a code like en or pt_BR"));
        }
        flow.nodes().forEach((id, node) -> checks.node(flowName, id, node));
        checks.problems.addAll(new FlowGraph(flow).problems());
        return checks.problems;
    }

    /** The per-node rules, collecting problems for one flow. */
    private final class Checks {

        private final Flow flow;
        private final List<Problem> problems = new ArrayList<>();

        Checks(Flow flow) {
            this.flow = flow;
        }

        void node(String flowName, String id, Node node) {
            for (String prompt : node.prompts()) {
                if (prompt != null
                        && context.prompts() != null
                        && !context.prompts().contains(prompt)) {
                    problems.add(Problem.error(
                            id,
                            "prompt \"" + prompt + "\" does not exist in the prompt catalogue; "
                                    + "upload a recording of it or pick an existing one"));
                }
            }
            switch (node) {
                case Node.Play play -> {
                    if (play.prompts() == null || play.prompts().isEmpty()) {
                        error(id, "a play node needs at least one prompt");
                    }
                    target(id, "next", play.next());
                }
                case Node.Menu menu -> menu(id, menu);
                case Node.Collect collect -> collect(id, collect);
                case Node.Say say -> {
                    if (say.mode() == null) {
                        error(id, "a say node needs a mode: digits, number or letters");
                    }
                    expression(id, "value", say.value());
                    target(id, "next", say.next());
                }
                case Node.SetVariable set -> {
                    variable(id, set.variable());
                    expression(id, "expression", set.expression());
                    target(id, "next", set.next());
                }
                case Node.Branch branch -> {
                    if (branch.conditions() == null || branch.conditions().isEmpty()) {
                        error(id, "a branch node needs at least one condition");
                    } else {
                        for (int i = 0; i < branch.conditions().size(); i++) {
                            Node.Condition condition = branch.conditions().get(i);
                            expression(id, "condition " + (i + 1), condition.when());
                            target(id, "condition " + (i + 1), condition.next());
                        }
                    }
                    target(id, "otherwise", branch.otherwise());
                }
                case Node.Hours hours -> {
                    try {
                        Schedule.of(hours);
                    } catch (IllegalArgumentException e) {
                        error(id, "bad schedule: " + e.getMessage());
                    }
                    target(id, "open", hours.open());
                    target(id, "closed", hours.closed());
                }
                case Node.Lookup lookup -> {
                    if (lookup.by() == null) {
                        error(id, "a lookup node needs \"by\": caller or account");
                    } else if (lookup.by() == LookupBy.ACCOUNT) {
                        variable(id, lookup.variable());
                    }
                    target(id, "found", lookup.found());
                    target(id, "notFound", lookup.notFound());
                }
                case Node.Queue queue -> {
                    queueName(id, queue.queue());
                    if (queue.priority() != null && (queue.priority() < 0 || queue.priority() > 100)) {
                        error(id, "priority must be between 0 and 100");
                    }
                    if (queue.maxWaitSeconds() != null && queue.maxWaitSeconds() <= 0) {
                        error(id, "maxWaitSeconds must be positive");
                    }
                    if (queue.onTimeout() != null) {
                        target(id, "onTimeout", queue.onTimeout());
                    }
                    if (queue.skills() != null && !queue.skills().isEmpty()) {
                        error(
                                id,
                                "\"skills\" cannot route a call: Asterisk's queues cannot choose an agent by skill for "
                                        + "one call. Remove it and send the caller to a queue of agents who have the skill (each "
                                        + "agent joins it with a penalty)");
                    }
                }
                case Node.Callback callback -> {
                    if (callback.prompt() == null) {
                        error(id, "a callback node needs the prompt that makes the offer");
                    }
                    digit(id, "acceptDigit", callback.acceptDigit());
                    if (callback.numberVariable() != null) {
                        variable(id, callback.numberVariable());
                    }
                    queueName(id, callback.queue());
                    target(id, "declined", callback.declined());
                }
                case Node.Voicemail voicemail -> {
                    if (voicemail.mailbox() == null || voicemail.mailbox().isBlank()) {
                        error(id, "a voicemail node needs a mailbox");
                    }
                }
                case Node.Transfer transfer -> {
                    if (transfer.number() == null
                            || !NUMBER.matcher(transfer.number()).matches()) {
                        error(
                                id,
                                "transfer number \"" + transfer.number()
                                        + "\" must be digits, * or #, with an optional leading +");
                    }
                }
                case Node.Language language -> {
                    if (language.options() == null || language.options().isEmpty()) {
                        error(id, "a language node needs options: digit to language");
                    } else {
                        language.options().forEach((digit, code) -> {
                            digit(id, "option", digit);
                            if (code == null || !LANGUAGE.matcher(code).matches()) {
                                error(
                                        id,
                                        "option " + digit + ": \"" + code
                                                + "\" is not a language code like en or pt_BR");
                            }
                        });
                    }
                    timeout(id, language.timeoutSeconds(), false);
                    target(id, "next", language.next());
                }
                case Node.GotoFlow jump -> gotoFlow(flowName, id, jump);
                case Node.Rating rating -> rating(id, rating);
                case Node.Hangup hangup -> {}
            }
        }

        private void menu(String id, Node.Menu menu) {
            if (menu.prompt() == null) {
                error(id, "a menu node needs a prompt");
            }
            if (menu.options() == null || menu.options().isEmpty()) {
                error(id, "a menu node needs options: digit to node");
            } else {
                menu.options().forEach((digit, next) -> {
                    digit(id, "option", digit);
                    target(id, "option " + digit, next);
                });
            }
            timeout(id, menu.timeoutSeconds(), true);
            if (menu.retries() != null && (menu.retries() < 0 || menu.retries() > 9)) {
                error(id, "retries must be between 0 and 9");
            }
            if (menu.fallback() == null) {
                error(id, "the menu has no fallback for invalid digits and timeouts");
            } else {
                target(id, "fallback", menu.fallback());
            }
        }

        private void collect(String id, Node.Collect collect) {
            variable(id, collect.variable());
            int min = collect.minDigits() == null ? 1 : collect.minDigits();
            int max = collect.maxDigits() == null ? 20 : collect.maxDigits();
            if (min < 1 || max > 32 || min > max) {
                error(id, "digits must be 1 <= minDigits <= maxDigits <= 32, not " + min + ".." + max);
            }
            // Asterisk's GET DATA always ends input at #; no other key can be honoured.
            if (collect.terminator() != null && !collect.terminator().equals("#")) {
                error(id, "terminator must be # (the key Asterisk's GET DATA ends input with)");
            }
            if (collect.pattern() != null) {
                try {
                    Pattern.compile(collect.pattern());
                } catch (PatternSyntaxException e) {
                    error(
                            id,
                            "pattern \"" + collect.pattern() + "\" is not a regular expression: " + e.getDescription());
                }
            }
            timeout(id, collect.timeoutSeconds(), true);
            target(id, "next", collect.next());
            target(id, "fallback", collect.fallback());
        }

        /** The score must come from the caller's keys: a collect node of this flow keeps it in the variable. */
        private void rating(String id, Node.Rating rating) {
            variable(id, rating.from());
            boolean collected = flow.nodes().values().stream()
                    .anyMatch(node -> node instanceof Node.Collect collect
                            && rating.from() != null
                            && rating.from().equals(collect.variable()));
            if (rating.from() != null && !collected) {
                error(
                        id,
                        "no collect node of this flow keeps the caller's key as \"" + rating.from()
                                + "\"; add one (1 digit, pattern [1-5]) before the rating");
            }
            target(id, "next", rating.next());
        }

        private void gotoFlow(String flowName, String id, Node.GotoFlow jump) {
            if (jump.flow() == null) {
                error(id, "a goto-flow node needs the flow to go to");
                return;
            }
            if (jump.flow().equals(flowName)) {
                error(id, "the flow goes to itself; loop inside the flow with a counter instead");
                return;
            }
            if (context.flows().flow(jump.flow()).isEmpty()) {
                error(id, "flow \"" + jump.flow() + "\" does not exist or is not published");
                return;
            }
            String problem = new FlowChain(context.flows(), flowName).follow(jump.flow());
            if (problem != null) {
                error(id, problem);
            }
        }

        private void timeout(String id, Integer seconds, boolean required) {
            if (seconds == null && required) {
                error(id, "no timeout handling: set timeoutSeconds");
            } else if (seconds != null && (seconds < 1 || seconds > 60)) {
                error(id, "timeoutSeconds must be between 1 and 60");
            }
        }

        private void digit(String id, String what, String digit) {
            if (digit == null || !DIGIT.matcher(digit).matches()) {
                error(id, what + " \"" + digit + "\" must be one key: 0-9, * or #");
            }
        }

        private void variable(String id, String name) {
            if (name == null || !VARIABLE.matcher(name).matches() || RESERVED.contains(name)) {
                error(
                        id,
                        "variable \"" + name + "\" must be a plain name (letters, digits, _) and not one of "
                                + RESERVED);
            }
        }

        private void expression(String id, String what, String text) {
            try {
                Expression.parse(text);
            } catch (IllegalArgumentException e) {
                error(id, what + ": " + e.getMessage());
            }
        }

        private void queueName(String id, String queue) {
            if (queue == null || queue.isBlank()) {
                error(id, "the node needs a queue");
            } else if (!QUEUE.matcher(queue).matches()) {
                error(
                        id,
                        "queue \"" + queue + "\" is not a queue name: use letters, digits, '.', '-' and '_' only"
                                + (queue.contains("=") || queue.contains(":")
                                        ? " (set the priority in its own field)"
                                        : ""));
            } else if (context.queues() != null && !context.queues().contains(queue)) {
                error(
                        id,
                        "queue \"" + queue + "\" is not configured (known: "
                                + String.join(
                                        ", ", context.queues().stream().sorted().toList()) + ")");
            }
        }

        private void target(String id, String exit, String target) {
            if (target == null) {
                error(id, "\"" + exit + "\" must name the next node");
            } else if (flow.node(target) == null) {
                error(id, "\"" + exit + "\" goes to \"" + target + "\", which is not a node of this flow");
            }
        }

        private void error(String id, String message) {
            problems.add(Problem.error(id, message));
        }
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

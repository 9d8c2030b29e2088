package io.omniline.ivr.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.ivr.TestFlows;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.model.Problem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowValidatorTest {

    private final Map<String, Flow> others = new HashMap<>();
    private final FlowValidator validator = new FlowValidator(new ValidationContext(
            Set.of("hello", "menu", "bye", "sorry"), Set.of("support", "sales"), TestFlows.of(others)));

    @Test
    void theShippedExampleFlowsAreValidWithoutWarnings() {
        FlowValidator shipped =
                new FlowValidator(new ValidationContext(null, ExampleFlows.QUEUES, TestFlows.examples()));

        ExampleFlows.all()
                .forEach((name, json) ->
                        assertThat(shipped.validate(name, json)).as(name).isEmpty());
    }

    @Test
    void queueSkillsAreAnErrorBecauseAsteriskCannotRouteOneCallBySkill() {
        assertThat(problems("""
                {'start': 'q', 'nodes': {'q': {'type': 'queue', 'queue': 'support', 'skills': ['french']}}}"""))
                .containsExactly(
                        "error [q]: skills cannot route a call: Asterisk's queues cannot choose an agent by skill "
                                + "for one call. Remove it and send the caller to a queue of agents who have the skill (each agent "
                                + "joins it with a penalty)");
        assertThat(problems("""
                {'start': 'q', 'nodes': {'q': {'type': 'queue', 'queue': 'support', 'skills': [],
                  'announcePosition': true, 'announceWait': true}}}""")).isEmpty();
    }

    @Test
    void aRatingNeedsAVariableACollectNodeFillsAndANextNode() {
        assertThat(problems("""
                {'start': 'ask', 'nodes': {
                  'ask': {'type': 'collect', 'prompt': 'hello', 'variable': 'score', 'maxDigits': 1, 'pattern': '[1-5]',
                          'timeoutSeconds': 5, 'next': 'rate', 'fallback': 'end'},
                  'rate': {'type': 'rating', 'from': 'score', 'next': 'end'},
                  'end': {'type': 'hangup', 'prompt': 'bye'}}}""")).isEmpty();
        assertThat(problems("""
                {'start': 'rate', 'nodes': {
                  'rate': {'type': 'rating', 'from': 'score'},
                  'end': {'type': 'hangup'}}}"""))
                .contains(
                        "error [rate]: no collect node of this flow keeps the caller's key as \"score\"; add one (1 digit, "
                                + "pattern [1-5]) before the rating",
                        "error [rate]: \u201cthen go to\u201d goes nowhere: pick the node the call goes to");
        assertThat(problems("""
                {'start': 'rate', 'nodes': {'rate': {'type': 'rating', 'from': 'caller', 'next': 'end'},
                  'end': {'type': 'hangup'}}}"""))
                .anyMatch(problem -> problem.startsWith("error [rate]: the name \"caller\" cannot keep a value"));
    }

    @Test
    void aCommentNeedsItsPromptALengthItCanRecordAndWhereToGoNext() {
        assertThat(problems("""
                {'start': 'c', 'nodes': {
                  'c': {'type': 'comment', 'prompt': 'bye', 'maxSeconds': 30, 'silenceSeconds': 4, 'next': 'end'},
                  'end': {'type': 'hangup'}}}""")).isEmpty();
        assertThat(problems("""
                {'start': 'c', 'nodes': {
                  'c': {'type': 'comment', 'maxSeconds': 3000, 'silenceSeconds': 0},
                  'end': {'type': 'hangup'}}}"""))
                .contains(
                        "error [c]: pick the prompt that asks for the comment (after the tone, press # when done)",
                        "error [c]: the longest comment must be from 5 to 300 seconds",
                        "error [c]: the silence that ends the comment must be from 1 to 30 seconds, and shorter than "
                                + "the longest comment",
                        "error [c]: \u201cthen go to\u201d goes nowhere: pick the node the call goes to");
    }

    @Test
    void exitsMustNameNodesOfTheFlow() {
        assertThat(problems("""
                {'start': 'nowhere', 'nodes': {
                  'a': {'type': 'play', 'prompts': ['hello'], 'next': 'b'},
                  'c': {'type': 'play', 'prompts': ['hello']}}}"""))
                .contains(
                        "error: the start node \"nowhere\" is not a node of this flow",
                        "error [a]: \u201cthen go to\u201d goes to \"b\", which is not a node of this flow",
                        "error [c]: \u201cthen go to\u201d goes nowhere: pick the node the call goes to");
    }

    @Test
    void aNodeThatCannotBeReadIsOneProblemNotAStartOrExitGoingNowhereNorNodesBehindItUnreachable() {
        assertThat(problems("""
                {'start': 'a', 'nodes': {
                  'a': {'type': 'queue', 'queue': 'support', 'priority': 'high', 'next': 'b'},
                  'b': {'type': 'play', 'prompts': ['hello'], 'next': 'c'},
                  'c': {'type': 'hangup'}}}""")).containsExactly("error [a]: \"priority\" must be a whole number");
    }

    @Test
    void nodesNoCallReachesAreWarnings() {
        List<Problem> problems = validator.validate("f", json("""
                {'start': 'a', 'nodes': {'a': {'type': 'hangup'}, 'lost': {'type': 'hangup'}}}"""));

        assertThat(problems).containsExactly(Problem.warning("lost", "no call can reach this node"));
    }

    @Test
    void aLoopWithNoWayOutIsAnError() {
        assertThat(problems("""
                {'start': 'a', 'nodes': {
                  'a': {'type': 'play', 'prompts': ['hello'], 'next': 'b'},
                  'b': {'type': 'set', 'variable': 'x', 'expression': 'x + 1', 'next': 'a'}}}""")).containsExactly("error [a]: the path never ends: nodes a, b loop with no exit");
    }

    @Test
    void aLoopWithoutCallerInputIsAWarning() {
        assertThat(problems("""
                {'start': 'a', 'nodes': {
                  'a': {'type': 'set', 'variable': 'n', 'expression': 'n + 1', 'next': 'b'},
                  'b': {'type': 'branch', 'conditions': [{'when': 'n < 3', 'next': 'a'}], 'otherwise': 'c'},
                  'c': {'type': 'hangup'}}}"""))
                .containsExactly(
                        "warning [a]: nodes a, b loop without caller input; make sure a branch with a counter leaves the loop");
    }

    @Test
    void menusNeedTimeoutAndInvalidHandlingAndSingleKeys() {
        assertThat(problems("""
                {'start': 'm', 'nodes': {
                  'm': {'type': 'menu', 'prompt': 'menu', 'options': {'1': 'q', '12': 'q', 'a': 'q'}},
                  'q': {'type': 'queue', 'queue': 'support'}}}"""))
                .containsExactlyInAnyOrder(
                        "error [m]: a key must be one key, 0-9, * or # (not \"12\")",
                        "error [m]: a key must be one key, 0-9, * or # (not \"a\")",
                        "error [m]: set how long to wait for a key (seconds)",
                        "error [m]: choose where the caller goes when the tries run out");
    }

    @Test
    void promptsAndQueuesMustBeConfigured() {
        assertThat(problems("""
                {'start': 'a', 'nodes': {
                  'a': {'type': 'play', 'prompts': ['hello', 'brand-new'], 'next': 'q'},
                  'q': {'type': 'queue', 'queue': 'vip-desk'}}}"""))
                .containsExactly(
                        "error [a]: the prompt \"brand-new\" does not exist in the prompt library; upload a recording of it or pick one from the library",
                        "error [q]: queue \"vip-desk\" is not configured (known: sales, support)");
    }

    @Test
    void badSchedulesAreExplained() {
        assertThat(problems(hours("'Mars/Olympus'", "{'mon': ['08:00-18:00']}", "[]")))
                .containsExactly(
                        "error [h]: the opening hours are not valid: time zone \"Mars/Olympus\" is not a valid zone such as Europe/Paris");
        assertThat(problems(hours("'Europe/Paris'", "{'mon': ['18:00-08:00']}", "[]")))
                .containsExactly(
                        "error [h]: the opening hours are not valid: mon \"18:00-08:00\" ends before it starts; split ranges that cross midnight");
        assertThat(problems(hours("'Europe/Paris'", "{'monday': ['08:00-18:00']}", "[]")))
                .containsExactly(
                        "error [h]: the opening hours are not valid: \"monday\" is not a day (mon, tue, wed, thu, fri, sat, sun)");
        assertThat(problems(hours("'Europe/Paris'", "{'mon': ['8am-6pm']}", "[]")))
                .containsExactly(
                        "error [h]: the opening hours are not valid: mon \"8am-6pm\" is not a range like 08:00-18:00");
        assertThat(problems(hours("'Europe/Paris'", "{}", "['25/12/2026']")))
                .containsExactly(
                        "error [h]: the opening hours are not valid: holiday \"25/12/2026\" is not a date like 2026-12-25");
    }

    @Test
    void collectExpressionsAndVariablesAreChecked() {
        assertThat(problems("""
                {'start': 'c', 'nodes': {
                  'c': {'type': 'collect', 'prompt': 'hello', 'variable': 'caller', 'minDigits': 8, 'maxDigits': 4,
                        'terminator': '0', 'pattern': '[0-9', 'timeoutSeconds': 90, 'next': 's', 'fallback': 'x'},
                  's': {'type': 'say', 'mode': 'digits', 'value': 'account +', 'next': 'b'},
                  'b': {'type': 'branch', 'conditions': [{'when': 'shout()', 'next': 'x'}], 'otherwise': 'x'},
                  'x': {'type': 'hangup'}}}"""))
                .containsExactly(
                        "error [c]: the name \"caller\" cannot keep a value: use letters, digits and _, start with a"
                                + " letter, and not caller, customer, dialled or language",
                        "error [c]: the fewest and the most digits must be from 1 to 32, the fewest first (not 8 to 4)",
                        "error [c]: the key that ends the entry can only be # (Asterisk ends digit entry with #)",
                        "error [c]: the pattern \"[0-9\" is not a valid regular expression: Unclosed character class",
                        "error [c]: the time to wait for a key must be from 1 to 60 seconds",
                        "error [s]: what to say is not a valid expression: expression ends too soon at position 10 of \"account +\"",
                        "error [b]: condition 1 is not a valid expression: unknown function \"shout\" (known: "
                                + String.join(", ", expectedFunctions()) + ") at position 6 of \"shout()\"");
    }

    @Test
    void everyOtherNodeRuleNamesItsNode() {
        assertThat(problems("""
                {'start': 'p', 'language': 'english', 'nodes': {
                  'p': {'type': 'play', 'prompts': [], 'next': 'm'},
                  'm': {'type': 'menu', 'prompt': 'menu', 'options': {'1': 'l'}, 'timeoutSeconds': 5, 'retries': 12, 'fallback': 'l'},
                  'l': {'type': 'lookup', 'found': 'a', 'notFound': 'a'},
                  'a': {'type': 'lookup', 'by': 'account', 'found': 's', 'notFound': 's'},
                  's': {'type': 'say', 'value': '1', 'next': 'b'},
                  'b': {'type': 'branch', 'conditions': [], 'otherwise': 'lang'},
                  'lang': {'type': 'language', 'prompt': 'hello', 'options': {'1': 'English', '22': 'es'}, 'timeoutSeconds': 0, 'next': 'cb'},
                  'cb': {'type': 'callback', 'acceptDigit': 'yes', 'queue': 'callback', 'declined': 'q'},
                  'q': {'type': 'queue', 'queue': 'support', 'priority': 101, 'maxWaitSeconds': 0, 'onTimeout': 'vm'},
                  'vm': {'type': 'voicemail', 'mailbox': ' '},
                  't': {'type': 'transfer', 'number': 'the boss'}}}"""))
                .contains(
                        "error: the language \"english\" is not a code like en or pt_BR",
                        "error [p]: pick at least one prompt to play",
                        "error [m]: more tries allowed must be from 0 to 9",
                        "error [l]: choose how to find the customer: by the caller's number or by an account number",
                        "error [a]: the name \"\" cannot keep a value: use letters, digits and _, start with a letter,"
                                + " and not caller, customer, dialled or language",
                        "error [s]: choose how to say it: as digits, as a number or as letters",
                        "error [b]: add at least one condition",
                        "error [lang]: key 1 picks \"English\", which is not a language code like en or pt_BR",
                        "error [lang]: a key must be one key, 0-9, * or # (not \"22\")",
                        "error [lang]: the time to wait for a key must be from 1 to 60 seconds",
                        "error [cb]: pick the prompt that offers the callback",
                        "error [cb]: the key that accepts a callback must be one key, 0-9, * or # (not \"yes\")",
                        "error [cb]: queue \"callback\" is not configured (known: sales, support)",
                        "error [q]: the priority must be from 0 to 100",
                        "error [q]: the longest wait in queue must be more than 0 seconds",
                        "error [vm]: name the mailbox the message is left in",
                        "error [t]: the number to transfer to, \"the boss\", must be digits, * or #, with an optional leading +",
                        "warning [t]: no call can reach this node");
    }

    @Test
    void theWordsNameNoJsonKeyWhileTheNodeAndTheFieldTravelApart() {
        List<Problem> problems = validator.validate("a", json("""
                {'start': 'm', 'nodes': {
                  'm': {'type': 'menu', 'prompt': 'menu', 'options': {'1': 'q'}, 'fallback': 'c'},
                  'q': {'type': 'queue', 'queue': 'support', 'maxWaitSeconds': 0, 'onTimeout': 'gone'},
                  'c': {'type': 'collect', 'variable': 'account', 'terminator': '*', 'next': 'cb', 'fallback': 'cb',
                        'timeoutSeconds': 5},
                  'cb': {'type': 'callback', 'prompt': 'hello', 'acceptDigit': 'yes', 'queue': 'support',
                         'declined': 'm'}}}"""));

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        Problem.error("m", "timeoutSeconds", "set how long to wait for a key (seconds)"),
                        Problem.error("q", "maxWaitSeconds", "the longest wait in queue must be more than 0 seconds"),
                        Problem.error(
                                "q",
                                "onTimeout",
                                "\u201cwhen the wait in queue ends\u201d goes to \"gone\", which is not a node of this flow"),
                        Problem.error(
                                "c",
                                "terminator",
                                "the key that ends the entry can only be # (Asterisk ends digit entry with #)"),
                        Problem.error(
                                "cb",
                                "acceptDigit",
                                "the key that accepts a callback must be one key, 0-9, * or # (not \"yes\")"));
        assertThat(problems)
                .extracting(Problem::message)
                .noneMatch(message -> message.matches(".*\\b[a-z]+[A-Z][A-Za-z]*\\b.*"));
    }

    @Test
    void gotoFlowTargetsMustExistAndNotLoop() {
        others.put("b", TestFlows.parse("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'c'}}}"));
        others.put("c", TestFlows.parse("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'a'}}}"));

        assertThat(problems("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'a'}}}"))
                .containsExactly("error [g]: the flow goes to itself; loop inside the flow with a counter instead");
        assertThat(problems("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'ghost'}}}"))
                .containsExactly("error [g]: the flow \"ghost\" does not exist or is not published");
        assertThat(problems("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'b'}}}"))
                .containsExactly("error [g]: goto-flow loop a -> b -> c -> a");
    }

    @Test
    void deepSubFlowNestingIsRefused() {
        for (int i = 1; i <= 9; i++) {
            others.put(
                    "level" + i,
                    TestFlows.parse(
                            "{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'level" + (i + 1) + "'}}}"));
        }
        others.put("level10", TestFlows.parse("{'start': 'h', 'nodes': {'h': {'type': 'hangup'}}}"));

        assertThat(problems("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'level1'}}}"))
                .singleElement()
                .asString()
                .startsWith("error [g]: goto-flow chain a -> level1 -> level2")
                .endsWith("is deeper than 8 flows");
    }

    @Test
    void aTenThousandNodeFlowIsCheckedCompletely() {
        StringBuilder json = new StringBuilder("{\"start\": \"n0\", \"nodes\": {");
        for (int i = 0; i < 10_000; i++) {
            json.append("\"n")
                    .append(i)
                    .append("\": {\"type\": \"play\", \"prompts\": [\"hello\"], \"next\": \"n")
                    .append(i + 1)
                    .append("\"},");
        }
        json.append(
                "\"n10000\": {\"type\": \"hangup\"}, \"orphan\": {\"type\": \"play\", \"prompts\": [\"hello\"], \"next\": \"n5\"}}}");

        assertThat(validator.validate("big", json.toString()))
                .containsExactly(Problem.warning("orphan", "no call can reach this node"));
    }

    private static List<String> expectedFunctions() {
        return List.copyOf(
                Map.of("len", 1, "startsWith", 2, "endsWith", 2, "contains", 2).keySet());
    }

    private static String hours(String zone, String weekly, String holidays) {
        return "{'start': 'h', 'nodes': {'h': {'type': 'hours', 'timezone': " + zone + ", 'weekly': " + weekly
                + ", 'holidays': " + holidays + ", 'open': 'x', 'closed': 'x'}, 'x': {'type': 'hangup'}}}";
    }

    private List<String> problems(String flowJson) {
        return validator.validate("a", json(flowJson)).stream()
                .map(Problem::toString)
                .toList();
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}

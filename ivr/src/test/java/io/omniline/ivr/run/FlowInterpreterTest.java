package io.omniline.ivr.run;

import static io.omniline.ivr.sim.Scenario.Input.hangUp;
import static io.omniline.ivr.sim.Scenario.Input.press;
import static io.omniline.ivr.sim.Scenario.Input.pressAfter;
import static io.omniline.ivr.sim.Scenario.Input.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omniline.ivr.TestFlows;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.model.SayMode;
import io.omniline.ivr.sim.Scenario;
import io.omniline.ivr.sim.SimulationResult;
import io.omniline.ivr.sim.Simulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every node type, run through the interpreter with a scripted caller. */
class FlowInterpreterTest {

    private static final Instant MONDAY_NOON_PARIS = Instant.parse("2026-11-23T11:00:00Z");
    private static final CustomerFacts VIP = new CustomerFacts(7, "Grace", true, false, Map.of("tier", "gold"));

    private final Map<String, Flow> flows = new HashMap<>();

    @Test
    void playSayAndSetRunInOrder() {
        SimulationResult run = run("""
                {'start': 'set', 'nodes': {
                  'set': {'type': 'set', 'variable': 'greeting', 'expression': '40 + 2', 'next': 'play'},
                  'play': {'type': 'play', 'prompts': ['hello', 'world'], 'next': 'say'},
                  'say': {'type': 'say', 'mode': 'number', 'value': 'greeting', 'next': 'end'},
                  'end': {'type': 'hangup', 'prompt': 'bye'}}}""", scenario());

        assertThat(run.heard())
                .containsExactly(
                        "(answered)", "play hello [en]", "play world [en]", "say number 42 [en]", "play bye [en]");
        assertThat(run.result().outcome()).isEqualTo(new IvrOutcome.HungUp());
        assertThat(run.result().variables()).containsEntry("greeting", "42");
        assertThat(path(run)).containsExactly("set:42", "play:next", "say:next", "end:hangup");
    }

    @Test
    void aMenuRetriesOnTimeoutAndInvalidKeysThenTakesTheChosenOption() {
        SimulationResult run = run(menuFlow(), scenario(silence(), press("9"), press("2")));

        assertThat(steps(run))
                .extracting(Step::input, Step::outcome)
                .containsExactly(tuple("", "timeout"), tuple("9", "invalid"), tuple("2", "2"), tuple(null, "queued"));
        assertThat(run.heard()).contains("play no-input [en]", "play sorry [en]");
        assertThat(run.result().outcome())
                .isInstanceOf(IvrOutcome.Queued.class)
                .extracting(outcome -> ((IvrOutcome.Queued) outcome).queue())
                .isEqualTo("sales");
    }

    @Test
    void aMenuFallsBackAfterItsRetries() {
        SimulationResult run = run(menuFlow(), scenario(silence(), silence(), silence()));

        assertThat(path(run)).containsExactly("m:timeout", "m:timeout", "m:timeout", "support:queued");
    }

    @Test
    void keysTypedAfterTheTimeoutArriveAtTheNextPrompt() {
        SimulationResult run = run(menuFlow(), scenario(pressAfter("1", 7)));

        assertThat(path(run)).containsExactly("m:timeout", "m:1", "q1:queued");
    }

    @Test
    void collectChecksLengthAndPatternStopsAtTheTerminatorAndRetries() {
        String flow = """
                {'start': 'c', 'nodes': {
                  'c': {'type': 'collect', 'prompt': 'enter', 'variable': 'pin', 'minDigits': 4, 'maxDigits': 6,
                        'terminator': '#', 'timeoutSeconds': 5, 'pattern': '[1-9][0-9]*', 'retries': 2,
                        'invalidPrompt': 'sorry', 'next': 'ok', 'fallback': 'no'},
                  'ok': {'type': 'say', 'mode': 'digits', 'value': 'pin', 'next': 'end'},
                  'no': {'type': 'hangup'}, 'end': {'type': 'hangup'}}}""";

        SimulationResult run = run(flow, scenario(press("12#"), press("0123#"), press("4321#99")));
        assertThat(path(run)).containsExactly("c:invalid", "c:invalid", "c:ok", "ok:next", "end:hangup");
        assertThat(run.result().variables()).containsEntry("pin", "4321");

        assertThat(path(run(flow, scenario(silence(), silence(), silence()))))
                .containsExactly("c:timeout", "c:timeout", "c:timeout", "no:hangup");
    }

    @Test
    void branchesSeeCallerCustomerAndVariables() {
        Flow flow = TestFlows.parseExact("""
                {"start": "who", "nodes": {
                  "who": {"type": "lookup", "by": "caller", "found": "b", "notFound": "b"},
                  "b": {"type": "branch", "conditions": [
                          {"when": "customer.vip && customer.tier == 'gold'", "next": "vip"},
                          {"when": "startsWith(caller.number, '+44')", "next": "uk"}],
                        "otherwise": "other"},
                  "vip": {"type": "hangup"}, "uk": {"type": "hangup"}, "other": {"type": "hangup"}}}""");

        assertThat(path(run(flow, scenario().withCustomer(VIP))))
                .containsExactly("who:found", "b:condition 1", "vip:hangup");
        assertThat(path(run(flow, scenario().withCaller("+442079460958"))))
                .containsExactly("who:not found", "b:condition 2", "uk:hangup");
        assertThat(path(run(flow, scenario()))).containsExactly("who:not found", "b:otherwise", "other:hangup");
    }

    @Test
    void hoursFollowTheScheduleInItsTimeZoneAndHolidays() {
        String flow = """
                {'start': 'h', 'nodes': {
                  'h': {'type': 'hours', 'timezone': 'Europe/Paris', 'weekly': {'mon': ['09:00-12:30', '14:00-18:00']},
                        'holidays': ['2026-12-28'], 'open': 'open', 'closed': 'closed'},
                  'open': {'type': 'hangup'}, 'closed': {'type': 'hangup'}}}""";

        assertThat(path(run(flow, scenario().at("2026-11-23T11:00:00Z")))).startsWith("h:open");
        assertThat(path(run(flow, scenario().at("2026-11-23T12:00:00Z")))).startsWith("h:closed");
        assertThat(path(run(flow, scenario().at("2026-11-24T11:00:00Z")))).startsWith("h:closed");
        assertThat(path(run(flow, scenario().at("2026-12-28T11:00:00Z")))).startsWith("h:closed");
    }

    @Test
    void lookupByEnteredAccountFindsTheCustomer() {
        String flow = """
                {'start': 'c', 'nodes': {
                  'c': {'type': 'collect', 'prompt': 'enter', 'variable': 'account', 'minDigits': 6, 'maxDigits': 6,
                        'timeoutSeconds': 5, 'next': 'l', 'fallback': 'l'},
                  'l': {'type': 'lookup', 'by': 'account', 'variable': 'account', 'found': 'hi', 'notFound': 'no'},
                  'hi': {'type': 'say', 'mode': 'letters', 'value': 'customer.name', 'next': 'no'},
                  'no': {'type': 'hangup'}}}""";
        Scenario scenario = new Scenario(
                "+15551230001", null, "100", MONDAY_NOON_PARIS, null, Map.of("123456", VIP), List.of(press("123456")));

        SimulationResult run = new Simulator(TestFlows.of(flows), 100).run("f", TestFlows.parse(flow), scenario);

        assertThat(path(run)).containsExactly("c:ok", "l:found", "hi:next", "no:hangup");
        assertThat(run.heard()).contains("say letters Grace [en]");
        assertThat(run.result().customer()).isEqualTo(VIP);
    }

    @Test
    void queueCarriesEverythingTheDialplanNeeds() {
        SimulationResult run = run("""
                {'start': 'q', 'nodes': {
                  'q': {'type': 'queue', 'queue': 'billing', 'priority': 7,
                        'maxWaitSeconds': 90, 'announcePosition': true, 'onTimeout': 'bye'},
                  'bye': {'type': 'hangup'}}}""", scenario());

        assertThat(run.result().outcome()).isEqualTo(new IvrOutcome.Queued("billing", 7, 90, true, false, "f", "bye"));
    }

    @Test
    void callbackAcceptedOrDeclined() {
        String flow = """
                {'start': 'cb', 'nodes': {
                  'cb': {'type': 'callback', 'prompt': 'offer', 'acceptDigit': '1', 'timeoutSeconds': 5,
                         'queue': 'callback', 'declined': 'bye'},
                  'bye': {'type': 'hangup'}}}""";

        assertThat(run(flow, scenario(press("1"))).result().outcome())
                .isEqualTo(new IvrOutcome.CallbackRequested("+15551230000", "callback"));
        assertThat(path(run(flow, scenario(press("2"))))).containsExactly("cb:declined", "bye:hangup");
        assertThat(path(run(flow, scenario()))).containsExactly("cb:declined", "bye:hangup");
    }

    @Test
    void voicemailAndTransferEndTheIvr() {
        assertThat(run(
                                "{'start': 'v', 'nodes': {'v': {'type': 'voicemail', 'mailbox': '100@default', 'prompt': 'leave'}}}",
                                scenario())
                        .result()
                        .outcome())
                .isEqualTo(new IvrOutcome.Voicemail("100@default"));
        assertThat(run("{'start': 't', 'nodes': {'t': {'type': 'transfer', 'number': '+18005550199'}}}", scenario())
                        .result()
                        .outcome())
                .isEqualTo(new IvrOutcome.Transferred("+18005550199"));
    }

    @Test
    void theChosenLanguagePlaysEveryLaterPrompt() {
        String flow = """
                {'start': 'l', 'language': 'en', 'nodes': {
                  'l': {'type': 'language', 'prompt': 'choose', 'options': {'1': 'en', '2': 'es'}, 'timeoutSeconds': 3, 'next': 'p'},
                  'p': {'type': 'play', 'prompts': ['welcome'], 'next': 'end'},
                  'end': {'type': 'hangup'}}}""";

        SimulationResult spanish = run(flow, scenario(press("2")));
        assertThat(spanish.heard()).contains("play welcome [es]");
        assertThat(spanish.result().language()).isEqualTo("es");
        assertThat(run(flow, scenario()).heard()).contains("play welcome [en]");
    }

    @Test
    void gotoFlowContinuesInTheOtherFlow() {
        flows.put(
                "night",
                TestFlows.parse("{'start': 'vm', 'nodes': {'vm': {'type': 'voicemail', 'mailbox': 'night'}}}"));

        SimulationResult run =
                run("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'night'}}}", scenario());

        assertThat(run.result().outcome()).isEqualTo(new IvrOutcome.Voicemail("night"));
        assertThat(steps(run))
                .extracting(Step::flow, Step::nodeId)
                .containsExactly(tuple("f", "g"), tuple("night", "vm"));
    }

    @Test
    void aMissingOrEndlesslyNestedSubFlowFailsTheCallCleanly() {
        assertThat(run("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'ghost'}}}", scenario())
                        .result()
                        .outcome())
                .isEqualTo(new IvrOutcome.Failed("flow \"ghost\" is not published"));

        flows.put("ping", TestFlows.parse("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'pong'}}}"));
        flows.put("pong", TestFlows.parse("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'ping'}}}"));
        assertThat(run("{'start': 'g', 'nodes': {'g': {'type': 'goto-flow', 'flow': 'ping'}}}", scenario())
                        .result()
                        .outcome())
                .isEqualTo(new IvrOutcome.Failed("more than 8 goto-flow jumps in one call"));
    }

    @Test
    void aCallerHangingUpEndsTheFlowWithThePathSoFarAndTheNodeTheyLeftFrom() {
        SimulationResult run = run(menuFlow(), scenario(press("9"), hangUp()));

        assertThat(run.result().outcome()).isEqualTo(new IvrOutcome.CallerHungUp());
        assertThat(path(run)).containsExactly("m:invalid", "m:caller hung up");
        assertThat(run.heard()).endsWith("(caller hung up)");
    }

    @Test
    void theStepLimitStopsARunawayFlow() {
        SimulationResult run = run("""
                {'start': 'a', 'nodes': {
                  'a': {'type': 'set', 'variable': 'n', 'expression': 'n + 1', 'next': 'b'},
                  'b': {'type': 'branch', 'conditions': [{'when': 'n >= 0', 'next': 'a'}], 'otherwise': 'c'},
                  'c': {'type': 'hangup'}}}""", scenario());

        assertThat(run.result().outcome())
                .isEqualTo(new IvrOutcome.Failed("step limit of 100 reached at node \"a\"; the flow may loop"));
        assertThat(run.result().path()).hasSize(100);
    }

    @Test
    void stepsReachTheListenerAsTheyHappen() {
        List<Step> streamed = new ArrayList<>();
        Flow flow = TestFlows.parse(menuFlow());
        CallChannel silentCaller = new CallChannel() {
            public void answer() {}

            public void play(List<String> prompts, String language) {}

            public String readDigits(
                    String prompt, String language, int maxDigits, Duration timeout, String terminator) {
                assertThat(streamed).hasSizeLessThan(3);
                return "";
            }

            public Recording record(String prompt, String language, String file, Duration limit, Duration silence) {
                return new Recording(Recording.Ending.TIMEOUT, 0);
            }

            public void say(SayMode mode, String value, String language) {}

            public void setVariable(String name, String value) {}
        };

        IvrResult result = new FlowInterpreter(FlowResolver.NONE, CustomerDirectory.NONE, Clock.systemUTC(), 100)
                .run(
                        "f",
                        flow,
                        silentCaller,
                        new CallContext("+15551230000", null, "100", Instant.now(), Map.of()),
                        streamed::add);

        assertThat(streamed).isEqualTo(result.path()).hasSize(4);
        assertThat(streamed).extracting(Step::seq).containsExactly(1, 2, 3, 4);
    }

    @Test
    void theShippedSurveyRetriesAKeyOutsideOneToFiveAndRatesTheCallWithTheNextValidOne() {
        SimulationResult run = run(TestFlows.examples().flow("survey").orElseThrow(), scenario(press("9"), press("4")));

        assertThat(path(run))
                .containsExactly("ask:invalid", "ask:ok", "keep:rated 4", "offer-comment:timeout", "thanks:hangup");
        assertThat(run.heard()).contains("play omniline/survey-invalid [en]", "play omniline/survey-thanks [en]");
    }

    @Test
    void aCallerWhoPressesOneAfterRatingRecordsACommentUntilTheyPressPound() {
        SimulationResult run = run(
                TestFlows.examples().flow("survey").orElseThrow(),
                scenario(press("2"), press("1"), pressAfter("#", 12)));

        assertThat(path(run))
                .containsExactly(
                        "ask:ok",
                        "keep:rated 2",
                        "offer-comment:1",
                        "comment:comment recorded (12000 ms)",
                        "thanks:hangup");
        assertThat(run.heard())
                .containsSubsequence(
                        "play omniline/survey-comment-offer [en]",
                        "play omniline/survey-comment-record [en]",
                        "(beep) recording",
                        "play omniline/survey-thanks [en]");
    }

    @Test
    void aCommentEndedByHangingUpIsKeptAndEndsTheCall() {
        List<String> kept = new ArrayList<>();
        SurveyAnswers survey = new SurveyAnswers() {
            public boolean keep(int score) {
                return true;
            }

            public java.util.Optional<String> commentFile() {
                return java.util.Optional.of("comment-file");
            }

            public void keepComment(String file) {
                kept.add(file);
            }
        };
        String flow = """
                {'start': 'c', 'nodes': {
                  'c': {'type': 'comment', 'prompt': 'say-it', 'next': 'end'},
                  'end': {'type': 'hangup'}}}""";
        CallChannel hangsUpAfterSpeaking = new CallChannel() {
            public void answer() {}

            public void play(List<String> prompts, String language) {}

            public String readDigits(
                    String prompt, String language, int maxDigits, Duration timeout, String terminator) {
                return "";
            }

            public Recording record(String prompt, String language, String file, Duration limit, Duration silence) {
                assertThat(limit).isEqualTo(Duration.ofSeconds(60));
                assertThat(silence).isEqualTo(Duration.ofSeconds(5));
                return new Recording(Recording.Ending.HANGUP, 24_000);
            }

            public void say(SayMode mode, String value, String language) {}

            public void setVariable(String name, String value) {}
        };

        IvrResult result = new FlowInterpreter(
                        FlowResolver.NONE, CustomerDirectory.NONE, Clock.systemUTC(), 100, survey)
                .run(
                        "f",
                        TestFlows.parse(flow),
                        hangsUpAfterSpeaking,
                        new CallContext("+15551230000", null, "100", Instant.now(), Map.of()),
                        step -> {});

        assertThat(kept).containsExactly("comment-file");
        assertThat(result.outcome()).isEqualTo(new IvrOutcome.CallerHungUp());
        assertThat(result.path())
                .extracting(Step::outcome)
                .containsExactly("comment recorded (3000 ms); caller hung up");
    }

    @Test
    void aCommentOnACallWithoutASurveyRecordsNothingAndGoesOn() {
        String flow = """
                {'start': 'c', 'nodes': {
                  'c': {'type': 'comment', 'prompt': 'say-it', 'next': 'end'},
                  'end': {'type': 'hangup'}}}""";

        IvrResult result = new FlowInterpreter(FlowResolver.NONE, CustomerDirectory.NONE, Clock.systemUTC(), 100)
                .run(
                        "f",
                        TestFlows.parse(flow),
                        quietCaller(),
                        new CallContext("+15551230000", null, "100", Instant.now(), Map.of()),
                        step -> {});

        assertThat(result.path())
                .extracting(Step::outcome)
                .containsExactly("not recorded: no survey on this call", "hangup");
    }

    @Test
    void aCallerWhoChoseALanguageEarlierHearsTheNextFlowInItNotInTheFlowsOwn() {
        List<String> heard = new ArrayList<>();
        CallChannel caller = new CallChannel() {
            public void answer() {}

            public void play(List<String> prompts, String language) {
                prompts.forEach(prompt -> heard.add(prompt + " [" + language + "]"));
            }

            public String readDigits(
                    String prompt, String language, int maxDigits, Duration timeout, String terminator) {
                heard.add(prompt + " [" + language + "]");
                return "4";
            }

            public Recording record(String prompt, String language, String file, Duration limit, Duration silence) {
                return new Recording(Recording.Ending.TIMEOUT, 0);
            }

            public void say(SayMode mode, String value, String language) {}

            public void setVariable(String name, String value) {}
        };
        Flow survey = TestFlows.examples().flow("survey").orElseThrow();
        CallContext spanish = new CallContext("+15551230000", null, "100", Instant.now(), Map.of(), "es");

        IvrResult result = new FlowInterpreter(
                        FlowResolver.NONE, CustomerDirectory.NONE, Clock.systemUTC(), 100, score -> true)
                .run("survey", survey, caller, spanish, step -> {});

        assertThat(survey.language()).isEqualTo("en");
        assertThat(heard)
                .containsExactly(
                        "omniline/survey-rate [es]",
                        "omniline/survey-comment-offer [es]",
                        "omniline/survey-thanks [es]");
        assertThat(result.language()).isEqualTo("es");
    }

    @Test
    void aRatingKeepsOnlyScoresFromOneToFiveAndOnlyOnACallWithASurvey() {
        String flow = """
                {'start': 'set', 'nodes': {
                  'set': {'type': 'set', 'variable': 'score', 'expression': '%s', 'next': 'rate'},
                  'rate': {'type': 'rating', 'from': 'score', 'next': 'end'},
                  'end': {'type': 'hangup'}}}""";
        List<Integer> kept = new ArrayList<>();
        CallContext call = new CallContext("+15551230000", null, "100", Instant.now(), Map.of());
        SurveyAnswers survey = score -> kept.add(score);

        List<String> outcomes = new ArrayList<>();
        for (String value : List.of("3", "7", "0", "1 + 0.5")) {
            IvrResult result = new FlowInterpreter(
                            FlowResolver.NONE, CustomerDirectory.NONE, Clock.systemUTC(), 100, survey)
                    .run("f", TestFlows.parse(flow.formatted(value)), quietCaller(), call, step -> {});
            outcomes.add(result.path().get(1).outcome());
        }
        IvrResult noSurvey = new FlowInterpreter(FlowResolver.NONE, CustomerDirectory.NONE, Clock.systemUTC(), 100)
                .run("f", TestFlows.parse(flow.formatted("5")), quietCaller(), call, step -> {});

        assertThat(kept).containsExactly(3);
        assertThat(outcomes)
                .containsExactly(
                        "rated 3", "not a rating from 1 to 5", "not a rating from 1 to 5", "not a rating from 1 to 5");
        assertThat(noSurvey.path().get(1).outcome()).isEqualTo("not kept: no survey on this call");
        assertThat(noSurvey.outcome()).isEqualTo(new IvrOutcome.HungUp());
    }

    /** A caller who never types; the flows given to it need no keys. */
    private static CallChannel quietCaller() {
        return new CallChannel() {
            public void answer() {}

            public void play(List<String> prompts, String language) {}

            public String readDigits(
                    String prompt, String language, int maxDigits, Duration timeout, String terminator) {
                return "";
            }

            public Recording record(String prompt, String language, String file, Duration limit, Duration silence) {
                return new Recording(Recording.Ending.TIMEOUT, 0);
            }

            public void say(SayMode mode, String value, String language) {}

            public void setVariable(String name, String value) {}
        };
    }

    private static String menuFlow() {
        return """
                {'start': 'm', 'nodes': {
                  'm': {'type': 'menu', 'prompt': 'menu', 'options': {'1': 'q1', '2': 'q2'}, 'timeoutSeconds': 5,
                        'retries': 2, 'invalidPrompt': 'sorry', 'timeoutPrompt': 'no-input', 'fallback': 'support'},
                  'q1': {'type': 'queue', 'queue': 'sales'},
                  'q2': {'type': 'queue', 'queue': 'sales'},
                  'support': {'type': 'queue', 'queue': 'support'}}}""";
    }

    private SimulationResult run(String flowJson, ScenarioBuilder scenario) {
        return run(TestFlows.parse(flowJson), scenario);
    }

    private SimulationResult run(Flow flow, ScenarioBuilder scenario) {
        return new Simulator(TestFlows.of(flows), 100).run("f", flow, scenario.build());
    }

    private static List<Step> steps(SimulationResult run) {
        return run.result().path();
    }

    private static List<String> path(SimulationResult run) {
        return steps(run).stream()
                .map(step -> step.nodeId() + ":" + step.outcome())
                .toList();
    }

    private static ScenarioBuilder scenario(Scenario.Input... inputs) {
        return new ScenarioBuilder(List.of(inputs));
    }

    /** A caller on a Monday at noon in Paris, unknown unless told otherwise. */
    private static final class ScenarioBuilder {
        private final List<Scenario.Input> inputs;
        private String caller = "+15551230000";
        private Instant at = MONDAY_NOON_PARIS;
        private CustomerFacts customer;

        ScenarioBuilder(List<Scenario.Input> inputs) {
            this.inputs = inputs;
        }

        ScenarioBuilder withCustomer(CustomerFacts facts) {
            customer = facts;
            return this;
        }

        ScenarioBuilder withCaller(String number) {
            caller = number;
            return this;
        }

        ScenarioBuilder at(String instant) {
            at = Instant.parse(instant);
            return this;
        }

        Scenario build() {
            return new Scenario(caller, "Caller", "100", at, customer, Map.of(), inputs);
        }
    }
}

package io.omniline.ivr.sim;

import static io.omniline.ivr.sim.Scenario.Input.press;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omniline.ivr.TestFlows;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.run.FlowResolver;
import io.omniline.ivr.run.Step;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private static final String PUBLISHED = """
            {'start': 'm', 'nodes': {
              'm': {'type': 'menu', 'prompt': 'menu', 'options': {'1': 'sales', '2': 'support'}, 'timeoutSeconds': 5, 'fallback': 'support'},
              'sales': {'type': 'queue', 'queue': 'sales'},
              'support': {'type': 'queue', 'queue': 'support'},
              'billing': {'type': 'queue', 'queue': 'billing'}}}""";

    private final Simulator simulator = new Simulator(FlowResolver.NONE, 100);
    private final Replay replay = new Replay(simulator);
    private final Scenario caller =
            new Scenario("+15551234567", null, "100", Instant.parse("2026-11-23T10:00:00Z"), null, Map.of(), List.of());

    @Test
    void theSameFlowReplaysTheSamePath() {
        List<Step> recorded = record(press("1"));

        ReplayResult result = replay.replay("main", TestFlows.parse(PUBLISHED), recorded, caller);

        assertThat(result.diverges()).isFalse();
        assertThat(result.simulation().result().path()).extracting(Step::nodeId).containsExactly("m", "sales");
    }

    @Test
    void aChangedDraftShowsWhereTheRecordedCallWouldGoInstead() {
        List<Step> recorded = record(press("1"));
        Flow draft = TestFlows.parse(PUBLISHED.replace("'1': 'sales'", "'1': 'billing'"));

        ReplayResult result = replay.replay("main", draft, recorded, caller);

        assertThat(result.divergesAt()).isEqualTo(1);
        assertThat(result.recorded().nodeId()).isEqualTo("sales");
        assertThat(result.replayed().nodeId()).isEqualTo("billing");
    }

    @Test
    void timeoutsAreReplayedAsSilence() {
        List<Step> recorded = record(Scenario.Input.silence(), Scenario.Input.silence(), Scenario.Input.silence());
        Flow fewerRetries =
                TestFlows.parse(PUBLISHED.replace("'timeoutSeconds': 5,", "'timeoutSeconds': 5, 'retries': 0,"));

        ReplayResult result = replay.replay("main", fewerRetries, recorded, caller);

        assertThat(recorded).extracting(Step::outcome).containsExactly("timeout", "timeout", "timeout", "queued");
        assertThat(result.divergesAt()).isEqualTo(1);
        assertThat(result.replayed().nodeId()).isEqualTo("support");
    }

    @Test
    void aCallerWhoHungUpHangsUpAtTheSameNodeInTheReplay() {
        List<Step> recorded = record(Scenario.Input.hangUp());

        ReplayResult result = replay.replay("main", TestFlows.parse(PUBLISHED), recorded, caller);

        assertThat(recorded).extracting(Step::nodeId, Step::outcome).containsExactly(tuple("m", "caller hung up"));
        assertThat(result.diverges()).isFalse();
    }

    /** A comment ended by #, one that ran into silence and one cut by a hang-up each replay as recorded. */
    @Test
    void aSurveyCommentIsReplayedAsLongAndEndedAsTheCallerDid() {
        Flow survey = TestFlows.examples().flow("survey").orElseThrow();
        List<List<Scenario.Input>> calls = List.of(
                List.of(press("4"), press("1"), Scenario.Input.pressAfter("#", 9.5)),
                List.of(press("2"), press("1"), new Scenario.Input(null, 20.0, false)),
                List.of(press("5"), press("1"), new Scenario.Input(null, 3.0, true)));

        for (List<Scenario.Input> inputs : calls) {
            Scenario call = new Scenario(caller.callerNumber(), null, "100", caller.at(), null, Map.of(), inputs);
            List<Step> recorded = simulator.run("survey", survey, call).result().path();

            ReplayResult result = replay.replay("survey", survey, recorded, caller);

            assertThat(result.diverges()).as("replay of %s", recorded).isFalse();
        }
        Scenario spokeThenSilent = new Scenario(
                caller.callerNumber(),
                null,
                "100",
                caller.at(),
                null,
                Map.of(),
                List.of(press("2"), press("1"), new Scenario.Input(null, 20.0, false)));
        assertThat(simulator.run("survey", survey, spokeThenSilent).result().path())
                .extracting(Step::nodeId, Step::outcome)
                .contains(tuple("comment", "comment recorded (20000 ms)"));
    }

    private List<Step> record(Scenario.Input... inputs) {
        Scenario call = new Scenario(caller.callerNumber(), null, "100", caller.at(), null, Map.of(), List.of(inputs));
        return simulator.run("main", TestFlows.parse(PUBLISHED), call).result().path();
    }
}

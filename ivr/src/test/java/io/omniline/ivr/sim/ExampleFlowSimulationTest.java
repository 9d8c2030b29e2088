package io.omniline.ivr.sim;

import static io.omniline.ivr.sim.Scenario.Input.press;
import static io.omniline.ivr.sim.Scenario.Input.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omniline.ivr.TestFlows;
import io.omniline.ivr.run.CustomerFacts;
import io.omniline.ivr.run.FlowInterpreter;
import io.omniline.ivr.run.FlowResolver;
import io.omniline.ivr.run.IvrOutcome;
import io.omniline.ivr.run.Step;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped flows through their main paths. */
class ExampleFlowSimulationTest {

    private static final Instant TUESDAY_10_NEW_YORK = Instant.parse("2026-11-24T15:00:00Z");
    private static final Instant SUNDAY_NEW_YORK = Instant.parse("2026-11-29T15:00:00Z");
    private static final Instant CHRISTMAS_NEW_YORK = Instant.parse("2026-12-25T15:00:00Z");
    private static final CustomerFacts VIP = new CustomerFacts(1, "Grace", true, false, Map.of());
    private static final CustomerFacts REGULAR = new CustomerFacts(2, "Hank", false, false, Map.of());

    private final FlowResolver flows = TestFlows.examples();
    private final Simulator simulator = new Simulator(flows, FlowInterpreter.DEFAULT_STEP_LIMIT);

    @Test
    void aKnownVipGoesStraightToThePriorityQueue() {
        SimulationResult run = main(TUESDAY_10_NEW_YORK, VIP, Map.of(), silence());

        assertThat(nodes(run)).containsExactly("hours", "welcome", "language", "identify", "vip-check", "vip-queue");
        assertThat(run.result().outcome())
                .isEqualTo(new IvrOutcome.Queued("support", 10, 120, true, false, "main", "offer-callback"));
    }

    @Test
    void anUnknownCallerIdentifiedByAccountChoosesSales() {
        SimulationResult run = main(
                TUESDAY_10_NEW_YORK, null, Map.of("12345678", REGULAR), press("1"), press("12345678#"), press("1"));

        assertThat(nodes(run))
                .containsExactly(
                        "hours",
                        "welcome",
                        "language",
                        "identify",
                        "ask-account",
                        "find-account",
                        "vip-check",
                        "main-menu",
                        "sales-queue");
        assertThat(run.result().customer()).isEqualTo(REGULAR);
        assertThat(run.result().variables()).containsEntry("account", "12345678");
    }

    @Test
    void aSilentCallerEndsUpInSupport() {
        SimulationResult run = main(TUESDAY_10_NEW_YORK, null, Map.of());

        assertThat(nodes(run))
                .containsExactly(
                        "hours",
                        "welcome",
                        "language",
                        "identify",
                        "ask-account",
                        "ask-account",
                        "main-menu",
                        "main-menu",
                        "main-menu",
                        "support-queue");
        assertThat(((IvrOutcome.Queued) run.result().outcome()).queue()).isEqualTo("support");
    }

    @Test
    void spanishCallersHearSpanishPrompts() {
        SimulationResult run = main(TUESDAY_10_NEW_YORK, REGULAR, Map.of(), press("2"), press("3"));

        assertThat(run.heard()).contains("play omniline/main-menu [es]");
        assertThat(((IvrOutcome.Queued) run.result().outcome()).queue()).isEqualTo("billing");
    }

    @Test
    void afterHoursAndHolidaysGoToVoicemail() {
        for (Instant closed : List.of(SUNDAY_NEW_YORK, CHRISTMAS_NEW_YORK)) {
            SimulationResult run = main(closed, VIP, Map.of());

            assertThat(run.result().path())
                    .extracting(Step::flow, Step::nodeId)
                    .containsExactly(
                            tuple("main", "hours"),
                            tuple("main", "after-hours"),
                            tuple("after-hours", "closed-message"),
                            tuple("after-hours", "voicemail"));
            assertThat(run.result().outcome()).isEqualTo(new IvrOutcome.Voicemail("support@default"));
        }
    }

    @Test
    void theAfterHoursFlowOnItsOwn() {
        SimulationResult run = simulator.run(
                "after-hours",
                flows.flow("after-hours").orElseThrow(),
                new Scenario("+15551230000", null, "200", SUNDAY_NEW_YORK, null, Map.of(), List.of()));

        assertThat(run.heard())
                .containsExactly(
                        "(answered)",
                        "play omniline/closed [en]",
                        "play omniline/opening-hours [en]",
                        "play omniline/leave-message [en]");
    }

    private SimulationResult main(
            Instant at, CustomerFacts customer, Map<String, CustomerFacts> accounts, Scenario.Input... inputs) {
        return simulator.run(
                "main",
                flows.flow("main").orElseThrow(),
                new Scenario("+15551234567", "Alice Example", "100", at, customer, accounts, List.of(inputs)));
    }

    private static List<String> nodes(SimulationResult run) {
        return run.result().path().stream().map(Step::nodeId).toList();
    }
}

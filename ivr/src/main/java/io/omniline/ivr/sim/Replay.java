package io.omniline.ivr.sim;

import io.omniline.ivr.model.Flow;
import io.omniline.ivr.run.FlowInterpreter;
import io.omniline.ivr.run.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Re-runs a recorded call against another version of a flow (usually the draft), feeding the
 * keys the caller pressed in the order they pressed them, and reports where the new path leaves
 * the recorded one.
 */
public final class Replay {

    private static final Set<String> READS_KEYS = Set.of("menu", "collect", "language", "callback");
    private static final String COMMENT = "comment";
    private static final Pattern RECORDED = Pattern.compile("comment recorded \\(([0-9]{1,9}) ms\\).*");

    private final Simulator simulator;

    public Replay(Simulator simulator) {
        this.simulator = simulator;
    }

    /** @param call the recorded call's scenario without inputs: who called, when, who they were */
    public ReplayResult replay(String flowName, Flow flow, List<Step> recorded, Scenario call) {
        List<Scenario.Input> inputs = new ArrayList<>();
        for (Step step : recorded) {
            if (step.nodeType().equals(COMMENT)) {
                inputs.add(comment(step));
            } else if (FlowInterpreter.CALLER_HUNG_UP.equals(step.outcome())) {
                inputs.add(Scenario.Input.hangUp());
            } else if (READS_KEYS.contains(step.nodeType())) {
                String digits = step.input() == null ? "" : step.input();
                inputs.add(digits.isEmpty() ? Scenario.Input.silence() : Scenario.Input.press(digits));
            }
        }
        Scenario scenario = new Scenario(
                call.callerNumber(),
                call.callerName(),
                call.dialledNumber(),
                recorded.isEmpty() ? call.at() : recorded.get(0).at(),
                call.customer(),
                call.accounts(),
                inputs);
        SimulationResult simulated = simulator.run(flowName, flow, scenario);
        List<Step> replayed = simulated.result().path();
        int length = Math.min(recorded.size(), replayed.size());
        for (int i = 0; i < length; i++) {
            if (!sameVisit(recorded.get(i), replayed.get(i))) {
                return new ReplayResult(i, recorded.get(i), replayed.get(i), simulated, recorded);
            }
        }
        if (recorded.size() != replayed.size()) {
            return new ReplayResult(
                    length,
                    length < recorded.size() ? recorded.get(length) : null,
                    length < replayed.size() ? replayed.get(length) : null,
                    simulated,
                    recorded);
        }
        return new ReplayResult(-1, null, null, simulated, recorded);
    }

    /** The caller speaks as long as the recorded comment lasted, then ends it as they did. */
    private static Scenario.Input comment(Step step) {
        String outcome = step.outcome() == null ? "" : step.outcome();
        Matcher recorded = RECORDED.matcher(outcome);
        double seconds = recorded.matches() ? Long.parseLong(recorded.group(1)) / 1000.0 : 0;
        if (outcome.endsWith(FlowInterpreter.CALLER_HUNG_UP)) {
            return new Scenario.Input(null, seconds, true);
        }
        return new Scenario.Input(step.input(), seconds, false);
    }

    private static boolean sameVisit(Step recorded, Step replayed) {
        return recorded.nodeId().equals(replayed.nodeId())
                && recorded.flow().equals(replayed.flow())
                && Objects.equals(recorded.outcome(), replayed.outcome());
    }
}

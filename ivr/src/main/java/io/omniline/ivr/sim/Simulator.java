package io.omniline.ivr.sim;

import io.omniline.ivr.model.Flow;
import io.omniline.ivr.run.CallContext;
import io.omniline.ivr.run.CustomerDirectory;
import io.omniline.ivr.run.CustomerFacts;
import io.omniline.ivr.run.FlowInterpreter;
import io.omniline.ivr.run.FlowResolver;
import io.omniline.ivr.run.IvrResult;
import io.omniline.ivr.run.SurveyAnswers;
import java.util.Map;
import java.util.Optional;

/** Runs a flow with the production interpreter against a scripted caller. */
public final class Simulator {

    private final FlowResolver flows;
    private final int stepLimit;

    public Simulator(FlowResolver flows, int stepLimit) {
        this.flows = flows;
        this.stepLimit = stepLimit;
    }

    public SimulationResult run(String flowName, Flow flow, Scenario scenario) {
        SimulatedClock clock = new SimulatedClock(scenario.at());
        ScriptedChannel channel = new ScriptedChannel(scenario.inputs(), clock);
        FlowInterpreter interpreter =
                new FlowInterpreter(flows, directory(scenario), clock, stepLimit, new SimulatedSurvey());
        CallContext call = new CallContext(
                scenario.callerNumber(), scenario.callerName(), scenario.dialledNumber(), scenario.at(), Map.of());
        IvrResult result = interpreter.run(flowName, flow, channel, call, step -> {});
        return new SimulationResult(result, channel.heard());
    }

    /**
     * Rating and comment nodes are simulated as in a survey after an agent's call: the score and the
     * comment show in the path, nothing is stored.
     */
    private static final class SimulatedSurvey implements SurveyAnswers {

        @Override
        public boolean keep(int score) {
            return true;
        }

        @Override
        public Optional<String> commentFile() {
            return Optional.of("simulated-comment");
        }
    }

    private static CustomerDirectory directory(Scenario scenario) {
        return new CustomerDirectory() {
            public Optional<CustomerFacts> byPhone(String callerNumber) {
                return Optional.ofNullable(scenario.customer());
            }

            public Optional<CustomerFacts> byAccount(String digits) {
                return Optional.ofNullable(scenario.accounts().get(digits));
            }
        };
    }
}

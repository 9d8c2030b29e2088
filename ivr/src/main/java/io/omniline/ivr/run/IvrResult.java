package io.omniline.ivr.run;

import java.util.List;
import java.util.Map;

/** The outcome of running a flow, the path the caller took and the variables it left. */
public record IvrResult(
        IvrOutcome outcome, List<Step> path, Map<String, String> variables, String language, CustomerFacts customer) {

    public IvrResult {
        path = List.copyOf(path);
        variables = Map.copyOf(variables);
    }
}

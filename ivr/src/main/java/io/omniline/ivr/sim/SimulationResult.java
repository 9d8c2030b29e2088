package io.omniline.ivr.sim;

import io.omniline.ivr.run.IvrResult;
import java.util.List;

/** A simulated call's result, and what the caller heard on the way. */
public record SimulationResult(IvrResult result, List<String> heard) {

    public SimulationResult {
        heard = List.copyOf(heard);
    }
}

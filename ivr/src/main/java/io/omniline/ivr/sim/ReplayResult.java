package io.omniline.ivr.sim;

import io.omniline.ivr.run.Step;
import java.util.List;

/**
 * Where a replayed call left its recorded path.
 *
 * @param divergesAt index of the first step that differs, or -1 when the paths are the same
 * @param recorded the recorded step there (null when the replay went on longer)
 * @param replayed the replayed step there (null when the replay ended sooner)
 * @param recordedPath the whole path the call took, to draw beside the replayed one
 */
public record ReplayResult(
        int divergesAt, Step recorded, Step replayed, SimulationResult simulation, List<Step> recordedPath) {

    public ReplayResult {
        recordedPath = List.copyOf(recordedPath);
    }

    public boolean diverges() {
        return divergesAt >= 0;
    }
}

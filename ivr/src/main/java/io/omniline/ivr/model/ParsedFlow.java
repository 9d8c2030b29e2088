package io.omniline.ivr.model;

import java.util.List;

/**
 * What the parser could read, and what it could not.
 *
 * @param flow null when the document is not a flow at all
 */
public record ParsedFlow(Flow flow, List<Problem> problems) {

    public ParsedFlow {
        problems = List.copyOf(problems);
    }
}

package io.omniline.ivr.model;

import java.util.List;
import java.util.Set;

/**
 * What the parser could read, and what it could not.
 *
 * @param flow null when the document is not a flow at all
 * @param unreadable ids of nodes that are in the document but could not be read (each has its
 *     problem): they exist, so exits to them are not reported as going nowhere
 */
public record ParsedFlow(Flow flow, List<Problem> problems, Set<String> unreadable) {

    public ParsedFlow {
        problems = List.copyOf(problems);
        unreadable = Set.copyOf(unreadable);
    }

    public ParsedFlow(Flow flow, List<Problem> problems) {
        this(flow, problems, Set.of());
    }
}

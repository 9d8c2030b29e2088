package io.omniline.server.prompts;

import java.util.List;

/**
 * One flow version naming a prompt.
 *
 * @param version "draft" or "published version 3"
 * @param nodes the ids of the nodes that play it, in flow order
 */
public record PromptUse(String flow, String version, List<String> nodes) {

    /** "main (draft) at node welcome", "after-hours (published version 3) at nodes menu, closed" */
    String words() {
        return flow + " (" + version + ") at " + (nodes.size() == 1 ? "node " : "nodes ") + String.join(", ", nodes);
    }
}

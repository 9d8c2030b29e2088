package io.omniline.server.prompts;

import io.omniline.db.flow.FlowDraft;
import io.omniline.db.flow.FlowRepository;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.Node;
import io.omniline.ivr.model.ParsedFlow;
import java.util.ArrayList;
import java.util.List;

/** Which flows name a prompt, in their draft or their published version: those a deletion would break. */
final class PromptUsage {

    private final FlowRepository flows;
    private final FlowParser parser = new FlowParser();

    PromptUsage(FlowRepository flows) {
        this.flows = flows;
    }

    /** "main (draft)", "after-hours (published version 3)", … */
    List<String> flowsUsing(String prompt) {
        List<String> users = new ArrayList<>();
        for (FlowDraft draft : flows.list()) {
            if (names(draft.definition(), prompt)) {
                users.add(draft.name() + " (draft)");
            }
            flows.published(draft.id())
                    .filter(version -> names(version.definition(), prompt))
                    .ifPresent(version -> users.add(draft.name() + " (published version " + version.version() + ")"));
        }
        return users;
    }

    private boolean names(String definition, String prompt) {
        ParsedFlow parsed = parser.parse(definition);
        if (parsed.flow() == null) {
            return false;
        }
        for (Node node : parsed.flow().nodes().values()) {
            if (node.prompts().contains(prompt)) {
                return true;
            }
        }
        return false;
    }
}

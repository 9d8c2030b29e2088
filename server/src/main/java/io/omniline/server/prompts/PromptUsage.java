package io.omniline.server.prompts;

import io.omniline.db.flow.FlowDraft;
import io.omniline.db.flow.FlowRepository;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.ParsedFlow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Which flows name a prompt, in their draft or their published version: those a deletion would break. */
final class PromptUsage {

    private final FlowRepository flows;
    private final FlowParser parser = new FlowParser();

    PromptUsage(FlowRepository flows) {
        this.flows = flows;
    }

    /** "main (draft) at node welcome", "after-hours (published version 3) at nodes menu, closed", … */
    List<String> flowsUsing(String prompt) {
        return all().getOrDefault(prompt, List.of()).stream()
                .map(PromptUse::words)
                .toList();
    }

    /** Every prompt any flow names, with where: read once for the whole catalogue. */
    Map<String, List<PromptUse>> all() {
        Map<String, List<PromptUse>> uses = new LinkedHashMap<>();
        for (FlowDraft draft : flows.list()) {
            add(uses, draft.name(), "draft", draft.definition());
            flows.published(draft.id())
                    .ifPresent(version ->
                            add(uses, draft.name(), "published version " + version.version(), version.definition()));
        }
        return uses;
    }

    private void add(Map<String, List<PromptUse>> uses, String flow, String version, String definition) {
        ParsedFlow parsed = parser.parse(definition);
        if (parsed.flow() == null) {
            return;
        }
        Map<String, List<String>> nodesByPrompt = new TreeMap<>();
        parsed.flow().nodes().forEach((id, node) -> {
            for (String prompt : node.prompts()) {
                if (prompt == null) {
                    // a node whose optional prompt is not set
                    continue;
                }
                List<String> nodes = nodesByPrompt.computeIfAbsent(prompt, unused -> new ArrayList<>());
                if (!nodes.contains(id)) {
                    nodes.add(id);
                }
            }
        });
        nodesByPrompt.forEach((prompt, nodes) -> uses.computeIfAbsent(prompt, unused -> new ArrayList<>())
                .add(new PromptUse(flow, version, List.copyOf(nodes))));
    }
}

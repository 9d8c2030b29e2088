package io.omniline.ivr.validate;

import io.omniline.ivr.run.FlowResolver;
import java.util.Set;

/**
 * What a flow is checked against.
 *
 * @param prompts the prompt catalogue (sound files Asterisk has); null skips the check
 * @param queues the queues configured in Asterisk; null skips the check
 * @param flows the other flows, for goto-flow targets
 */
public record ValidationContext(Set<String> prompts, Set<String> queues, FlowResolver flows) {

    public ValidationContext {
        prompts = prompts == null ? null : Set.copyOf(prompts);
        queues = queues == null ? null : Set.copyOf(queues);
        flows = flows == null ? FlowResolver.NONE : flows;
    }
}

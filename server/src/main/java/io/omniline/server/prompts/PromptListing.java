package io.omniline.server.prompts;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.omniline.db.prompt.PromptInfo;
import java.util.List;

/**
 * A prompt in one language as the prompt library page shows it: the catalogue's entry (its fields
 * at the top level of the JSON) and which flows (draft or published version) play it from which
 * nodes.
 */
public record PromptListing(@JsonUnwrapped PromptInfo prompt, List<PromptUse> usedBy) {}

package io.omniline.server.prompts;

import io.omniline.db.prompt.PromptInfo;
import io.omniline.db.prompt.PromptSource;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A prompt in one language as the prompt library page shows it: what it says, how long it plays,
 * and which flows (draft or published version) play it from which nodes.
 */
public record PromptListing(
        String name,
        String language,
        String sha256,
        int durationMs,
        String words,
        PromptSource source,
        String updatedBy,
        OffsetDateTime updatedAt,
        List<PromptUse> usedBy) {

    static PromptListing of(PromptInfo prompt, List<PromptUse> usedBy) {
        return new PromptListing(
                prompt.name(),
                prompt.language(),
                prompt.sha256(),
                prompt.durationMs(),
                prompt.words(),
                prompt.source(),
                prompt.updatedBy(),
                prompt.updatedAt(),
                usedBy);
    }
}

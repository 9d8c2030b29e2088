package io.omniline.server.recordings;

import io.omniline.db.NotFoundException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.server.api.ApiRequest;
import io.omniline.server.api.ForbiddenException;

/**
 * Who may hear what a customer recorded on a contact (a voicemail, a survey comment): whoever may
 * read that customer's history, as on the timeline: supervisors and admins, and an agent only while
 * serving that customer.
 */
public final class RecordingAccess {

    private final InteractionRepository interactions;

    public RecordingAccess(InteractionRepository interactions) {
        this.interactions = interactions;
    }

    /**
     * The interaction, when the caller of {@code request} may hear its recordings.
     *
     * @param refusal the words for an agent who may not ("this voicemail is from a customer you are not serving now")
     */
    public Interaction mayHear(ApiRequest request, long interactionId, String refusal) {
        Interaction interaction = interactions
                .findById(interactionId)
                .orElseThrow(() -> new NotFoundException("interaction", interactionId));
        if (request.isAgent()
                && (interaction.customerId() == null
                        || !interactions.isServing(request.agentId(), interaction.customerId()))) {
            throw new ForbiddenException(refusal);
        }
        return interaction;
    }
}

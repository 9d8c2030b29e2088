package io.omniline.server.voicemail;

import io.omniline.db.NotFoundException;
import io.omniline.db.Repositories;
import io.omniline.db.interaction.Interaction;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import io.omniline.server.recordings.RecordingAccess;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/interactions/{id}/voicemail}: the message a caller left, as WAV, to whoever may
 * read that customer's history: supervisors and admins, and an agent only while serving that
 * customer (the timeline's rule; the message is on the customer's timeline).
 */
public final class VoicemailApi {

    private final RecordingAccess access;
    private final VoicemailStore store;

    public VoicemailApi(Repositories repositories, VoicemailStore store) {
        this.access = new RecordingAccess(repositories.interactions());
        this.store = store;
    }

    public List<Route> routes() {
        return List.of(Route.of("GET", "/api/interactions/{id}/voicemail", Roles.EVERYONE, request -> {
            long id = request.number("id");
            Interaction interaction =
                    access.mayHear(request, id, "this voicemail is from a customer you are not serving now");
            String message = interaction.metadata().get("voicemail") instanceof Map<?, ?> voicemail
                            && voicemail.get("message") != null
                    ? String.valueOf(voicemail.get("message"))
                    : null;
            if (message == null) {
                throw new NotFoundException("voicemail message of interaction", id);
            }
            return ApiResponse.binary("audio/wav", store.recording(message));
        }));
    }
}

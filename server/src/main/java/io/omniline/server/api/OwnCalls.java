package io.omniline.server.api;

import io.omniline.db.NotFoundException;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;

/** The phone call named by the path's {@code {id}}, if it is the signed-in agent's own. */
final class OwnCalls {

    private OwnCalls() {}

    static Interaction of(InteractionRepository interactions, ApiRequest request) {
        long id = request.number("id");
        Interaction call = interactions.findById(id).orElseThrow(() -> new NotFoundException("call", id));
        if (call.channel() != Channel.voice || call.agentId() == null || call.agentId() != request.agentId()) {
            throw new ForbiddenException("call " + id + " is not yours");
        }
        return call;
    }
}

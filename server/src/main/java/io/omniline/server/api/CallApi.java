package io.omniline.server.api;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.jooq.enums.Channel;
import io.omniline.db.jooq.enums.InteractionOutcome;
import io.omniline.db.jooq.enums.InteractionState;
import java.util.List;
import org.jooq.DSLContext;

/** What an agent does with their own phone calls from the desktop: the wrap-up after hangup. */
public final class CallApi {

    private final InteractionRepository interactions;

    public CallApi(DSLContext dsl) {
        this.interactions = new InteractionRepository(dsl);
    }

    public List<Route> routes() {
        return List.of(Route.of("POST", "/api/calls/{id}/wrap-up", Roles.AGENT, request -> {
            long id;
            try {
                id = Long.parseLong(request.path("id"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("id must be a number, was " + request.path("id"));
            }
            Interaction call = interactions.findById(id).orElseThrow(() -> new NotFoundException("call", id));
            if (call.channel() != Channel.voice || call.agentId() == null || call.agentId() != request.agentId()) {
                throw new ForbiddenException("call " + id + " is not yours");
            }
            if (call.state() != InteractionState.wrap_up) {
                throw new ConflictException("call " + id + " is " + call.state().getLiteral() + ", not in wrap-up");
            }
            WrapUp body = request.body(WrapUp.class);
            if (body.disposition() == null || body.disposition().isBlank()) {
                throw new IllegalArgumentException("a wrap-up needs a disposition");
            }
            interactions.recordDisposition(id, body.disposition().strip(), body.notes());
            return ApiResponse.ok(interactions.end(id, InteractionOutcome.completed));
        }));
    }

    record WrapUp(String disposition, String notes) {
    }
}

package io.omniline.server.api;

import io.omniline.db.ConflictException;
import io.omniline.db.Repositories;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionState;
import io.omniline.server.desktop.Pops;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** An agent's own phone calls from the desktop: the call in hand (after a reconnect) and the wrap-up. */
public final class CallApi {

    private final InteractionRepository interactions;
    private final Pops pops;
    private final Consumer<Interaction> wrappedUp;

    /** @param wrappedUp told of each call whose wrap-up the agent saved (the agent state log moves on) */
    public CallApi(Repositories repositories, Pops pops, Consumer<Interaction> wrappedUp) {
        this.interactions = repositories.interactions();
        this.pops = pops;
        this.wrappedUp = wrappedUp;
    }

    public List<Route> routes() {
        return List.of(
                // A desktop that reconnects or reloads mid-call asks what it missed.
                Route.of("GET", "/api/me/call", Roles.AGENT, request -> pops.currentCall(request.agentId())
                        .map(call -> {
                            Map<String, Object> pop = new LinkedHashMap<>(pops.of(call.id()));
                            pop.put("interactionId", call.id());
                            return ApiResponse.ok(pop);
                        })
                        .orElseGet(ApiResponse::noContent)),
                Route.of("POST", "/api/calls/{id}/wrap-up", Roles.AGENT, request -> {
                    Interaction call = OwnCalls.of(interactions, request);
                    long id = call.id();
                    if (call.state() != InteractionState.wrap_up) {
                        throw new ConflictException("call " + id + " is " + call.state().getLiteral() + ", not in wrap-up");
                    }
                    WrapUp body = request.body(WrapUp.class);
                    if (body.disposition() == null || body.disposition().isBlank()) {
                        throw new IllegalArgumentException("a wrap-up needs a disposition");
                    }
                    interactions.recordDisposition(id, body.disposition().strip(), body.notes());
                    Interaction ended = interactions.end(id, InteractionOutcome.completed);
                    wrappedUp.accept(ended);
                    return ApiResponse.ok(ended);
                }));
    }

    record WrapUp(String disposition, String notes) {
    }
}

package io.omniline.server.api;

import io.omniline.db.Repositories;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.server.workspace.Pops;
import io.omniline.telephony.calls.WrapUpListener;
import io.omniline.telephony.control.CallWrapUp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An agent's own phone calls from the desktop: the call in hand (after a reconnect) and the wrap-up. */
public final class CallApi {

    private final InteractionRepository interactions;
    private final Pops pops;
    private final CallWrapUp wrapUp;

    /** @param wrappedUp told of each call whose wrap-up the agent saved (the agent state log moves on) */
    public CallApi(Repositories repositories, Pops pops, WrapUpListener wrappedUp) {
        this.interactions = repositories.interactions();
        this.pops = pops;
        this.wrapUp = new CallWrapUp(interactions, wrappedUp);
    }

    public List<Route> routes() {
        return List.of(
                // A desktop that reconnects or reloads mid-call asks what it missed.
                Route.of(
                        "GET",
                        "/api/me/call",
                        Roles.AGENT,
                        request -> pops.currentCall(request.agentId())
                                .map(call -> {
                                    Map<String, Object> pop = new LinkedHashMap<>(pops.of(call.id()));
                                    pop.put("interactionId", call.id());
                                    return ApiResponse.ok(pop);
                                })
                                .orElseGet(ApiResponse::noContent)),
                Route.of("POST", "/api/calls/{id}/wrap-up", Roles.AGENT, request -> {
                    Interaction call = OwnCalls.of(interactions, request);
                    wrapUp.requireWrapUp(call);
                    WrapUp body = request.body(WrapUp.class);
                    return ApiResponse.ok(wrapUp.save(call.id(), body.disposition(), body.notes()));
                }));
    }

    record WrapUp(String disposition, String notes) {}
}

package io.omniline.server.api;

import io.omniline.db.Repositories;
import io.omniline.db.agent.Agent;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.telephony.control.AgentPhone;
import io.omniline.telephony.control.CallControl;
import io.omniline.telephony.live.LiveState;
import java.util.List;
import java.util.Map;

/**
 * The agent's phone from the desktop, through Asterisk's manager interface: log in to and out of
 * their queues, pause with a reason and come back, transfer their call (blind or attended) and
 * call a customer back. Every action is the signed-in agent's, on their own interface and calls
 * ({@link AgentPhone} does them).
 */
public final class PhoneApi {

    private final InteractionRepository interactions;
    private final AgentPhone phone;

    /** @param control null when AMI is off: every action then answers 409 saying so */
    public PhoneApi(Repositories repositories, CallControl control, LiveState live) {
        this.interactions = repositories.interactions();
        this.phone = new AgentPhone(repositories.agents(), control, live);
    }

    public List<Route> routes() {
        return List.of(
                Route.of("POST", "/api/me/queues/login", Roles.AGENT, request -> {
                    Agent agent = phone.of(request.agentId());
                    AmiCall.send(() -> phone.login(agent));
                    return ApiResponse.ok(Map.of("queues", agent.queues().keySet()));
                }),
                Route.of("POST", "/api/me/queues/logout", Roles.AGENT, request -> {
                    Agent agent = phone.of(request.agentId());
                    AmiCall.send(() -> phone.logout(agent));
                    return ApiResponse.ok(Map.of("queues", agent.queues().keySet()));
                }),
                Route.of("POST", "/api/me/pause", Roles.AGENT, request -> {
                    Agent agent = phone.of(request.agentId());
                    String reason = request.body(Pause.class).reason();
                    AmiCall.send(() -> phone.pause(agent, reason));
                    return ApiResponse.ok(Map.of("paused", true, "reason", reason.strip()));
                }),
                Route.of("POST", "/api/me/unpause", Roles.AGENT, request -> {
                    Agent agent = phone.of(request.agentId());
                    AmiCall.send(() -> phone.unpause(agent));
                    return ApiResponse.ok(Map.of("paused", false));
                }),
                Route.of("POST", "/api/calls/{id}/transfer", Roles.AGENT, request -> {
                    Agent agent = phone.of(request.agentId());
                    Interaction call = OwnCalls.of(interactions, request);
                    phone.requireLive(call);
                    Transfer body = request.body(Transfer.class);
                    AmiCall.send(() -> phone.transfer(agent, call, body.kind(), body.extension()));
                    return ApiResponse.ok(Map.of("transferred", call.id(), "to", body.extension()));
                }),
                Route.of("POST", "/api/calls/{id}/callback", Roles.AGENT, request -> {
                    Agent agent = phone.of(request.agentId());
                    Interaction call = OwnCalls.of(interactions, request);
                    String number = request.body(CallBack.class).number();
                    AmiCall.send(() -> phone.callBack(agent, call, number));
                    return ApiResponse.ok(Map.of("calling", number, "interactionId", call.id()));
                }));
    }

    record Pause(String reason) {}

    record Transfer(String kind, String extension) {}

    record CallBack(String number) {}
}

package io.omniline.server.callbacks;

import io.omniline.db.Repositories;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.callback.CallbackRepository;
import io.omniline.db.callback.CallbackRequest;
import io.omniline.db.callback.CallbackState;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/callbacks}: the callbacks callers asked for, open ones first (oldest first), then
 * the last ones finished, each in plain words. Agents see those of the queues they may join;
 * supervisors and admins see all. The number is shown whole: it is what the agent will call.
 */
public final class CallbackApi {

    /** Finished callbacks listed after the open ones. */
    private static final int FINISHED_SHOWN = 20;

    private final CallbackRepository callbacks;
    private final AgentRepository agents;

    public CallbackApi(Repositories repositories) {
        this.callbacks = repositories.callbacks();
        this.agents = repositories.agents();
    }

    public List<Route> routes() {
        return List.of(Route.of("GET", "/api/callbacks", Roles.EVERYONE, request -> {
            List<CallbackRequest> shown = request.isAgent()
                    ? callbacks.list(
                            agents.findById(request.agentId())
                                    .map(Agent::queues)
                                    .map(Map::keySet)
                                    .orElse(java.util.Set.of()),
                            FINISHED_SHOWN)
                    : callbacks.list(null, FINISHED_SHOWN);
            return ApiResponse.ok(shown.stream().map(CallbackApi::view).toList());
        }));
    }

    static Map<String, Object> view(CallbackRequest request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", request.id());
        view.put("interactionId", request.interactionId());
        view.put("customerId", request.customerId());
        view.put("number", request.number());
        view.put("queue", request.queue());
        view.put("state", request.state().getLiteral());
        view.put("status", words(request));
        view.put("requestedAt", request.requestedAt());
        view.put("nextAttemptAt", request.state() == CallbackState.waiting ? request.nextAttemptAt() : null);
        view.put("attempts", request.attempts());
        view.put("maxAttempts", request.maxAttempts());
        view.put("lastResult", request.lastResult());
        view.put("agentInterface", request.agentInterface());
        return view;
    }

    /** Where the callback stands, as an agent would say it. */
    static String words(CallbackRequest request) {
        String tries = request.attempts() + " of " + request.maxAttempts() + " calls made";
        return switch (request.state()) {
            case waiting ->
                request.attempts() == 0
                        ? "waiting for a free agent"
                        : "waiting to try again (" + tries
                                + (request.lastResult() == null ? "" : "; last: " + request.lastResult()) + ")";
            case calling_agent -> "ringing the agent at " + request.agentInterface();
            case calling_customer -> "the agent at " + request.agentInterface() + " is calling the customer";
            case completed -> "done: the customer answered";
            case failed ->
                "gave up after " + tries
                        + (request.lastResult() == null ? "" : " (last: " + request.lastResult() + ")");
        };
    }
}

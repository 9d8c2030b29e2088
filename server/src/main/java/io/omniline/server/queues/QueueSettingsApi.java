package io.omniline.server.queues;

import io.omniline.db.queue.QueueSettings;
import io.omniline.db.queue.QueueSettings.QueueSetting;
import io.omniline.server.accounts.QueueNames;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.FieldProblem;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What admins decide per queue: whether callers hear the satisfaction survey after the agent
 * hangs up. The list covers the queues flows may use and every queue that has settings.
 */
public final class QueueSettingsApi {

    private final QueueSettings settings;
    private final Supplier<Set<String>> knownQueues;
    private final Supplier<Set<String>> agentsQueues;

    /**
     * @param knownQueues the queues flows may use (ivr.queues); empty when flows may use any queue
     * @param agentsQueues the queues agents are members of
     */
    public QueueSettingsApi(
            QueueSettings settings, Supplier<Set<String>> knownQueues, Supplier<Set<String>> agentsQueues) {
        this.settings = settings;
        this.knownQueues = knownQueues;
        this.agentsQueues = agentsQueues;
    }

    public List<Route> routes() {
        return List.of(
                Route.of(
                        "GET",
                        "/api/queues/settings",
                        Roles.STAFF,
                        request -> ApiResponse.ok(
                                new ArrayList<>(settings.of(knownQueues.get()).values()))),
                Route.of("PUT", "/api/queues/{queue}/settings", Roles.ADMIN, request -> {
                    String queue = request.path("queue");
                    QueueNames.checked(Map.of(queue, 0));
                    ApiResponse unknown = unknown(queue);
                    if (unknown != null) {
                        return unknown;
                    }
                    Change body = request.body(Change.class);
                    if (body.surveysEnabled() == null) {
                        throw new FieldProblem(
                                "surveysEnabled", "say whether surveys are on: surveysEnabled true or false");
                    }
                    QueueSetting saved = settings.setSurveys(queue, body.surveysEnabled(), request.actor());
                    return ApiResponse.ok(saved);
                }));
    }

    /**
     * A 404 in words for a queue Omniline does not know: not one flows may use (ivr.queues), not one
     * an agent is a member of, and none with settings already. When ivr.queues is empty (flows may
     * use any queue), only the name's shape is checked, as nothing else says which queues exist.
     */
    private ApiResponse unknown(String queue) {
        Set<String> configured = knownQueues.get();
        if (configured.isEmpty()) {
            return null;
        }
        Set<String> known = new TreeSet<>(settings.of(configured).keySet());
        known.addAll(agentsQueues.get());
        if (known.contains(queue)) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "error",
                "there is no queue \"" + queue + "\": settings are for " + String.join(", ", known)
                        + " (the queues flows may use, ivr.queues, and agents' queues)");
        body.put("field", "queue");
        return new ApiResponse(404, body);
    }

    /** A JSON boolean: the API's reader refuses 1 or "true" in words ({@link io.omniline.server.api.ApiJson}). */
    record Change(Boolean surveysEnabled) {}
}

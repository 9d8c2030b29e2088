package io.omniline.server.queues;

import io.omniline.db.queue.QueueSettings;
import io.omniline.db.queue.QueueSettings.QueueSetting;
import io.omniline.server.accounts.QueueNames;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What admins decide per queue: whether callers hear the satisfaction survey after the agent
 * hangs up. The list covers the queues flows may use and every queue that has settings.
 */
public final class QueueSettingsApi {

    private final QueueSettings settings;
    private final Supplier<Set<String>> knownQueues;

    /** @param knownQueues the queues flows may use (ivr.queues) */
    public QueueSettingsApi(QueueSettings settings, Supplier<Set<String>> knownQueues) {
        this.settings = settings;
        this.knownQueues = knownQueues;
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
                    Change body = request.body(Change.class);
                    if (body.surveysEnabled() == null) {
                        throw new IllegalArgumentException("say whether surveys are on: surveysEnabled true or false");
                    }
                    QueueSetting saved = settings.setSurveys(queue, body.surveysEnabled(), request.actor());
                    return ApiResponse.ok(saved);
                }));
    }

    record Change(Boolean surveysEnabled) {}
}

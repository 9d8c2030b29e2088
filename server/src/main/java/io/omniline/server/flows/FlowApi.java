package io.omniline.server.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.ivr.run.Step;
import io.omniline.ivr.sim.Scenario;
import io.omniline.server.api.ApiRequest;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import java.util.List;
import java.util.Map;

/** The admin REST API for IVR flows and number routes; the routes are described in openapi.json. */
public final class FlowApi {

    private final FlowService flows;

    public FlowApi(FlowService flows) {
        this.flows = flows;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/flows", Roles.STAFF, request -> ApiResponse.ok(flows.list())),
                Route.of("POST", "/api/flows", Roles.ADMIN, request -> {
                    NewFlow body = request.body(NewFlow.class);
                    return ApiResponse.created(
                            flows.create(body.name(), body.description(), json(body.definition()), request.actor()));
                }),
                Route.of(
                        "GET",
                        "/api/flows/{name}",
                        Roles.STAFF,
                        request -> ApiResponse.ok(flows.get(request.path("name")))),
                Route.of("DELETE", "/api/flows/{name}", Roles.ADMIN, request -> {
                    flows.delete(request.path("name"), request.actor());
                    return ApiResponse.noContent();
                }),
                Route.of(
                        "PUT",
                        "/api/flows/{name}/draft",
                        Roles.ADMIN,
                        request -> ApiResponse.ok(flows.saveDraft(
                                request.path("name"),
                                json(request.body(Draft.class).definition()),
                                request.actor()))),
                Route.of(
                        "POST",
                        "/api/flows/{name}/validate",
                        Roles.ADMIN,
                        request -> ApiResponse.ok(Map.of(
                                "problems", flows.get(request.path("name")).problems()))),
                Route.of("POST", "/api/validate", Roles.ADMIN, request -> {
                    AdHocFlow body = request.body(AdHocFlow.class);
                    return ApiResponse.ok(Map.of(
                            "problems",
                            flows.validate(body.name() == null ? "draft" : body.name(), json(body.definition()))));
                }),
                Route.of("POST", "/api/flows/{name}/simulate", Roles.ADMIN, request -> {
                    Simulate body = request.body(Simulate.class);
                    return ApiResponse.ok(
                            flows.simulate(request.path("name"), body.version(), scenario(body.scenario())));
                }),
                Route.of("POST", "/api/flows/{name}/replay", Roles.ADMIN, request -> {
                    ReplayCall body = request.body(ReplayCall.class);
                    Scenario caller = scenario(body.scenario());
                    if (body.interactionId() != null) {
                        return ApiResponse.ok(flows.replay(request.path("name"), body.interactionId(), caller));
                    }
                    if (body.steps() == null || body.steps().isEmpty()) {
                        throw new IllegalArgumentException("replay needs an interactionId or the recorded steps");
                    }
                    return ApiResponse.ok(flows.replay(request.path("name"), body.steps(), caller));
                }),
                Route.of(
                        "GET",
                        "/api/flows/{name}/calls",
                        Roles.ADMIN,
                        request -> ApiResponse.ok(flows.recentCalls(
                                request.path("name"),
                                request.queryNumber("limit", 20L, 1, 200, "a number of calls")
                                        .intValue()))),
                Route.of(
                        "GET",
                        "/api/ivr/queues",
                        Roles.STAFF,
                        request ->
                                ApiResponse.ok(flows.queues().stream().sorted().toList())),
                Route.of(
                        "POST",
                        "/api/flows/{name}/publish",
                        Roles.ADMIN,
                        request -> ApiResponse.created(
                                flows.publish(request.path("name"), commentOf(request), request.actor()))),
                Route.of("POST", "/api/flows/{name}/rollback", Roles.ADMIN, request -> {
                    Rollback body = request.body(Rollback.class);
                    if (body.version() == null) {
                        throw new IllegalArgumentException("rollback needs the version to go back to");
                    }
                    return ApiResponse.created(
                            flows.rollback(request.path("name"), body.version(), body.comment(), request.actor()));
                }),
                Route.of(
                        "GET",
                        "/api/flows/{name}/versions",
                        Roles.STAFF,
                        request -> ApiResponse.ok(flows.versions(request.path("name")))),
                Route.of(
                        "GET",
                        "/api/flows/{name}/versions/{version}",
                        Roles.STAFF,
                        request ->
                                ApiResponse.ok(flows.version(request.path("name"), number(request.path("version"))))),
                Route.of(
                        "GET",
                        "/api/flows/{name}/diff",
                        Roles.STAFF,
                        request -> ApiResponse.ok(flows.diff(
                                request.path("name"),
                                request.query().getOrDefault("from", "draft"),
                                request.query().getOrDefault("to", "draft")))),
                Route.of("GET", "/api/routes", Roles.STAFF, request -> ApiResponse.ok(flows.routes())),
                Route.of(
                        "PUT",
                        "/api/routes/{number}",
                        Roles.ADMIN,
                        request -> ApiResponse.ok(flows.route(
                                request.path("number"),
                                request.body(RouteTarget.class).flow(),
                                request.actor()))),
                Route.of("DELETE", "/api/routes/{number}", Roles.ADMIN, request -> {
                    flows.unroute(request.path("number"), request.actor());
                    return ApiResponse.noContent();
                }));
    }

    private static String json(JsonNode definition) {
        if (definition == null || definition.isNull()) {
            throw new IllegalArgumentException("the request needs \"definition\": the flow as a JSON object");
        }
        return definition.toString();
    }

    private static String commentOf(ApiRequest request) {
        return request.body() == null || request.body().isBlank()
                ? ""
                : request.body(Publish.class).comment();
    }

    private static Scenario scenario(Scenario scenario) {
        return scenario == null ? new Scenario(null, null, null, null, null, null, null) : scenario;
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a version number");
        }
    }

    record NewFlow(String name, String description, JsonNode definition) {}

    record Draft(JsonNode definition) {}

    record AdHocFlow(String name, JsonNode definition) {}

    record Simulate(Integer version, Scenario scenario) {}

    record ReplayCall(Long interactionId, List<Step> steps, Scenario scenario) {}

    record Publish(String comment) {}

    record Rollback(Integer version, String comment) {}

    record RouteTarget(String flow) {}
}

package io.omniline.server.supervisor;

import io.omniline.db.NotFoundException;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import io.omniline.server.presence.AgentStates;
import java.util.List;

/**
 * The floor over HTTP: an agent's own state, the agents table, an agent's day (states with
 * their times, what they handled and hold), and a supervisor's listen, whisper, barge, forced
 * pause and forced logout. The rules are in {@link Supervision} and {@link AgentTimelines}.
 */
public final class FloorApi {

    private final AgentStates states;
    private final FloorAgents floor;
    private final Supervision supervision;
    private final AgentTimelines timelines;

    public FloorApi(AgentStates states, FloorAgents floor, Supervision supervision, AgentTimelines timelines) {
        this.states = states;
        this.floor = floor;
        this.supervision = supervision;
        this.timelines = timelines;
    }

    public List<Route> routes() {
        return List.of(
                Route.of(
                        "GET",
                        "/api/me/state",
                        Roles.AGENT,
                        request -> ApiResponse.ok(states.of(request.agentId())
                                .orElseThrow(() -> new NotFoundException("agent", request.agentId())))),
                Route.of("GET", "/api/live/agents", Roles.STAFF, request -> ApiResponse.ok(floor.get())),
                Route.of(
                        "GET",
                        "/api/live/agents/{id}/day",
                        Roles.STAFF,
                        request -> ApiResponse.ok(timelines.day(
                                request.number("id"), request.query().get("date")))),
                Route.of("POST", "/api/live/agents/{id}/spy", Roles.STAFF, request -> {
                    Spy body = request.body(Spy.class);
                    return ApiResponse.ok(
                            supervision.spy(request.actor(), request.number("id"), body.mode(), body.phone()));
                }),
                Route.of(
                        "POST",
                        "/api/live/agents/{id}/pause",
                        Roles.STAFF,
                        request -> ApiResponse.ok(supervision.pause(
                                request.actor(),
                                request.number("id"),
                                request.body(Reason.class).reason()))),
                Route.of(
                        "POST",
                        "/api/live/agents/{id}/logout",
                        Roles.STAFF,
                        request -> ApiResponse.ok(supervision.logOut(
                                request.actor(),
                                request.number("id"),
                                request.body(Reason.class).reason()))));
    }

    record Spy(String mode, String phone) {}

    record Reason(String reason) {}
}

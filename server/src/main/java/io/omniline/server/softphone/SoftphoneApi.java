package io.omniline.server.softphone;

import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import java.util.List;

/**
 * The agent's phone over the API: an agent reads their own (with their SIP password, for the page's
 * softphone; nobody else can read it, an admin included), an admin chooses it for any agent.
 */
public final class SoftphoneApi {

    private final Softphones softphones;

    public SoftphoneApi(Softphones softphones) {
        this.softphones = softphones;
    }

    public List<Route> routes() {
        return List.of(
                Route.of(
                        "GET",
                        "/api/me/phone",
                        Roles.AGENT,
                        request -> ApiResponse.ok(softphones.profileOf(request.agentId()))),
                Route.of(
                        "PUT",
                        "/api/agents/{id}/softphone",
                        Roles.ADMIN,
                        request -> ApiResponse.ok(softphones.useSoftphone(
                                request.number("id"),
                                request.body(Password.class).password(),
                                request.actor()))),
                Route.of(
                        "DELETE",
                        "/api/agents/{id}/softphone",
                        Roles.ADMIN,
                        request -> ApiResponse.ok(softphones.useDeskPhone(request.number("id"), request.actor()))));
    }

    record Password(String password) {

        @Override
        public String toString() {
            return "Password[hidden]";
        }
    }
}

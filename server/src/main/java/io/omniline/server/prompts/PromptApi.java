package io.omniline.server.prompts;

import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import java.util.List;

/**
 * The prompt catalogue over the admin API; the routes are described in openapi.json. A
 * prompt's name can hold a folder ({@code omniline/welcome}), so name and language travel in
 * the query, not the path.
 */
public final class PromptApi {

    private final PromptService prompts;

    public PromptApi(PromptService prompts) {
        this.prompts = prompts;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/prompts", Roles.STAFF, request -> ApiResponse.ok(prompts.library())),
                Route.of(
                        "GET",
                        "/api/prompts/audio",
                        Roles.STAFF,
                        request -> ApiResponse.binary(
                                "audio/wav",
                                prompts.audio(
                                                request.query().get("name"),
                                                request.query().get("language"))
                                        .wav())),
                Route.of(
                        "PUT",
                        "/api/prompts/audio",
                        Roles.ADMIN,
                        request -> ApiResponse.ok(prompts.upload(
                                request.query().get("name"),
                                request.query().get("language"),
                                request.content(),
                                request.query().get("words"),
                                request.actor()))),
                Route.of("DELETE", "/api/prompts/audio", Roles.ADMIN, request -> {
                    prompts.delete(request.query().get("name"), request.query().get("language"), request.actor());
                    return ApiResponse.noContent();
                }));
    }
}

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

    private static final long MIB = 1024 * 1024;

    /** What the upload form tells the admin before they choose a file. */
    public record UploadLimits(long largestBytes, long longestMinutes) {}

    private final PromptService prompts;
    private final Route.Upload recording;

    /** @param largestMiB the largest recording file taken (ivr.promptUploadMiB) */
    public PromptApi(PromptService prompts, int largestMiB) {
        this.prompts = prompts;
        this.recording = new Route.Upload(
                largestMiB * MIB,
                "recording",
                "the file is larger than " + largestMiB + " MiB, the most a recording can be; shorten it, or save it"
                        + " as MP3 or as mono WAV");
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
                        "GET",
                        "/api/prompts/upload-limits",
                        Roles.ADMIN,
                        request -> ApiResponse.ok(new UploadLimits(
                                recording.largestBytes(),
                                prompts.longestRecording().toMinutes()))),
                Route.upload(
                        "PUT",
                        "/api/prompts/audio",
                        Roles.ADMIN,
                        recording,
                        request -> ApiResponse.ok(prompts.upload(
                                request.query().get("name"),
                                request.query().get("language"),
                                request.upload(),
                                request.query().get("words"),
                                request.actor()))),
                Route.of("DELETE", "/api/prompts/audio", Roles.ADMIN, request -> {
                    prompts.delete(request.query().get("name"), request.query().get("language"), request.actor());
                    return ApiResponse.noContent();
                }));
    }
}

package io.omniline.server.api;

/** Handles one route of the API. */
@FunctionalInterface
public interface Endpoint {

    ApiResponse handle(ApiRequest request);
}

package io.omniline.server.api;

/** A status and a body to write as JSON, or as the bytes of a {@link Binary} body. */
public record ApiResponse(int status, Object body) {

    /** A body written as it is, such as a recording. */
    public record Binary(String contentType, byte[] bytes) {}

    public static ApiResponse binary(String contentType, byte[] bytes) {
        return new ApiResponse(200, new Binary(contentType, bytes));
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null);
    }
}

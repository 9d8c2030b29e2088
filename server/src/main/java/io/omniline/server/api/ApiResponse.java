package io.omniline.server.api;

/** A status and a body to write as JSON, or as the bytes of a {@link Binary} body. */
public record ApiResponse(int status, Object body) {

    /** A body written as it is, such as a recording; with a file name, saved as that file rather than shown. */
    public record Binary(String contentType, byte[] bytes, String fileName) {}

    public static ApiResponse binary(String contentType, byte[] bytes) {
        return new ApiResponse(200, new Binary(contentType, bytes, null));
    }

    /** Bytes to save under {@code fileName} (already safe: no folders, no control characters), never to render. */
    public static ApiResponse download(byte[] bytes, String fileName) {
        return new ApiResponse(200, new Binary("application/octet-stream", bytes, fileName));
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

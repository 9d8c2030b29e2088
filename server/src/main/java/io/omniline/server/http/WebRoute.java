package io.omniline.server.http;

import org.eclipse.jetty.server.Handler;

/**
 * A path the server answers, and the largest request body it will read there; a body that
 * grows past it, whatever its Content-Length said or if it had none, is refused with 413 as soon
 * as the limit is crossed.
 *
 * @param path a Jetty path spec ({@code /api/*}, {@code /health})
 */
public record WebRoute(String path, Handler handler, int maxBodyBytes) {

    /** Pages, metrics and documents: nothing to read. */
    public static WebRoute withoutBody(String path, Handler handler) {
        return new WebRoute(path, handler, 0);
    }
}

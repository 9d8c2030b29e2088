package io.omniline.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body under its route's {@link WebRoute#maxBodyBytes() limit}. The limit is
 * enforced underneath by Jetty while the bytes arrive; this turns its failure into one
 * exception a handler can answer in its own format.
 */
public final class RequestBodies {

    private RequestBodies() {}

    /** The body as UTF-8 text. */
    public static String text(Request request) throws IOException {
        return new String(bytes(request), StandardCharsets.UTF_8);
    }

    public static byte[] bytes(Request request) throws IOException {
        ByteBuffer buffer;
        try {
            buffer = Content.Source.asByteBuffer(request);
        } catch (IOException | RuntimeException e) {
            if (tooLarge(e)) {
                throw new TooLargeException(e);
            }
            throw e;
        }
        byte[] body = new byte[buffer.remaining()];
        buffer.get(body);
        return body;
    }

    private static boolean tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http && http.getCode() == HttpStatus.PAYLOAD_TOO_LARGE_413) {
                return true;
            }
        }
        return false;
    }

    /** The body grew past the route's limit; nothing more of it is read. */
    public static final class TooLargeException extends IOException {

        TooLargeException(Throwable cause) {
            super("request body too large", cause);
        }
    }
}

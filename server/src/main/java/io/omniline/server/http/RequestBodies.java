package io.omniline.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Copies the body into {@code file} as it arrives, never holding more than a buffer of it.
     *
     * @throws TooLargeException past {@code largestBytes} (also when the route's own limit in Jetty
     *     is hit first); what was written is left for the caller to delete, with the file
     */
    public static void toFile(Request request, Path file, long largestBytes) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request);
                OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
                if (total > largestBytes) {
                    throw new TooLargeException(null);
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof TooLargeException) && tooLarge(e)) {
                throw new TooLargeException(e);
            }
            throw e;
        }
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

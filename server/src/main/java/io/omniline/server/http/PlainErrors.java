package io.omniline.server.http;

import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages say only the status ("500 Server Error"): an exception's message can carry
 * SQL, a class name or a customer's data, and no visitor of any page may read those. The server
 * log has the details. Where programs call (the API, sign-in, webhooks) the answer is the API's
 * JSON with the status in words, as every other refusal there.
 */
final class PlainErrors extends ErrorHandler {

    private static final Map<Integer, String> WORDS = Map.of(
            400, "the request could not be read: its address, headers or body are malformed",
            404, "nothing is at this address",
            405, "this method is not allowed at this address",
            413, "the request is larger than this address accepts",
            414, "the address is too long",
            431, "the request's headers are too large",
            500, "something went wrong on the server; the details are in its log",
            503, "the server is not ready; try again in a moment");

    PlainErrors() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
        setShowOrigin(false);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        String path = request.getHttpURI().getPath();
        if (path != null && (path.startsWith("/api/") || path.startsWith("/auth/") || path.startsWith("/webhooks/"))) {
            JsonRefusal.write(response, callback, code, WORDS.getOrDefault(code, HttpStatus.getMessage(code)));
            return;
        }
        super.generateResponse(request, response, code, HttpStatus.getMessage(code), null, callback);
    }
}

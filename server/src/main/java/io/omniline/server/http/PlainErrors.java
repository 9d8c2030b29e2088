package io.omniline.server.http;

import java.io.IOException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages say only the status ("500 Server Error"): an exception's message can carry
 * SQL, a class name or a customer's data, and no visitor of any page may read those. The server
 * log has the details.
 */
final class PlainErrors extends ErrorHandler {

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
        super.generateResponse(request, response, code, HttpStatus.getMessage(code), null, callback);
    }
}

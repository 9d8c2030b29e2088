package io.omniline.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses a WebSocket upgrade with the API's JSON error ({"error": words}). Jetty's error page
 * would go through {@link PlainErrors}, which drops every message because an exception's may not
 * be shown; these words are Omniline's own and say what would be let in.
 */
public final class HandshakeRefusal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HandshakeRefusal() {}

    public static void write(Response response, Callback callback, int status, String words) {
        try {
            byte[] body = JSON.writeValueAsBytes(Map.of("error", words));
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(body), callback);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            callback.failed(e);
        }
    }
}

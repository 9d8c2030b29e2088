package io.omniline.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers with the API's JSON error ({"error": words}) where Jetty would write its own page: a
 * refused WebSocket upgrade, whose words are Omniline's own and say who would be let in, and
 * Jetty's own refusals on the API's paths ({@link PlainErrors}, which never shows an exception's
 * message).
 */
public final class JsonRefusal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRefusal() {}

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

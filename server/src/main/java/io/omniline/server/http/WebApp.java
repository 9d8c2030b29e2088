package io.omniline.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The browser app (agent desktop, wallboard, flow editor): one page, its scripts and stylesheet, from the
 * class path. A strict Content-Security-Policy allows only these files and this origin's
 * sockets, so even a rendering mistake could not run a script a customer typed.
 */
public final class WebApp extends Handler.Abstract {

    private static final String POLICY = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "/", "text/html; charset=utf-8",
            "/app.js", "text/javascript; charset=utf-8",
            "/admin.js", "text/javascript; charset=utf-8",
            "/desk.js", "text/javascript; charset=utf-8",
            "/people.js", "text/javascript; charset=utf-8",
            "/app.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files;

    public WebApp() {
        files = Map.of("/", load("index.html"), "/app.js", load("app.js"), "/admin.js", load("admin.js"),
                "/desk.js", load("desk.js"), "/people.js", load("people.js"), "/app.css", load("app.css"));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        byte[] body = files.get(path);
        if (body == null || !(request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))) {
            Response.writeError(request, response, callback, body == null ? 404 : 405);
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.get(path));
        response.getHeaders().put("Content-Security-Policy", POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }

    private static byte[] load(String name) {
        try (InputStream in = WebApp.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is missing from the server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

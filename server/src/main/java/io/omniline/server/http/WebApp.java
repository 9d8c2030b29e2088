package io.omniline.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The browser app (agent desktop, wallboard, flow editor): one page with its scripts, stylesheets and
 * the browser libraries under {@code /vendor/}, all from {@code web/} on the class path. A strict
 * Content-Security-Policy allows only these files, this origin's sockets and the softphone's
 * Asterisk WebSocket address(es), so even a rendering mistake could not run a script a customer
 * typed or send anything elsewhere.
 */
public final class WebApp extends Handler.Abstract {

    /** Only these kinds of file are served; a name is lower-case words, folders and one extension. */
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "wav", "audio/wav");

    private static final Pattern NAME = Pattern.compile("(?:[a-zA-Z0-9_-]+/)*[a-zA-Z0-9_.-]+\\.([a-z0-9]+)");

    private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();
    private final String policy;

    /**
     * @param webSockets the only other places pages may connect to: Asterisk's SIP-over-WebSocket
     *     URLs, each a CSP source as it is (checked by the softphone's settings)
     */
    public WebApp(List<String> webSockets) {
        // 'self' covers this origin's ws:// and wss:// (CSP Level 3), where the desktop socket is.
        String connect = String.join(" ", webSockets);
        this.policy = "default-src 'self'; connect-src 'self'" + (connect.isEmpty() ? "" : " " + connect)
                + "; img-src 'self' data:; media-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String name = path.equals("/") ? "index.html" : path.substring(1);
        var matcher = NAME.matcher(name);
        String type = matcher.matches() && !name.contains("..") ? TYPES.get(matcher.group(1)) : null;
        byte[] body =
                type == null ? null : files.computeIfAbsent(name, WebApp::load).orElse(null);
        if (body == null
                || !(request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))) {
            Response.writeError(request, response, callback, body == null ? 404 : 405);
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put("Content-Security-Policy", policy);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(
                true, request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }

    private static Optional<byte[]> load(String name) {
        try (InputStream in = WebApp.class.getResourceAsStream("/web/" + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

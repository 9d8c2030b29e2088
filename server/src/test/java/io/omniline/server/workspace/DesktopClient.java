package io.omniline.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An agent's desktop page (or a supervisor's wallboard) as far as the server can tell. */
public final class DesktopClient implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    public static DesktopClient open(Omniline omniline, ApiClient agent) {
        return open(omniline, DesktopSocket.PATH, agent);
    }

    /** A page of this server's own origin opening the socket at {@code path} with the client's cookie. */
    public static DesktopClient open(Omniline omniline, String path, ApiClient client) {
        DesktopClient desktop = new DesktopClient();
        HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Cookie", client.cookie())
                .header("Origin", "http://127.0.0.1:" + omniline.httpPort())
                .buildAsync(URI.create("ws://127.0.0.1:" + omniline.httpPort() + path), desktop)
                .join();
        return desktop;
    }

    /** The close code the server closed the socket with. */
    public int awaitClosed() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    public JsonNode next(String type) throws InterruptedException {
        while (true) {
            JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a " + type + " frame").isNotNull();
            if (frame.get("type").asText().equals(type)) {
                return frame;
            }
        }
    }

    public boolean quietFor(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }
}

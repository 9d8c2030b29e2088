package io.omniline.bench.pop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.bench.node.StaffApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A signed-in agent's desktop socket, as the browser opens it. Frames are stamped when their last
 * fragment arrives and read (JSON) only by whoever waits for them, so one large pop does not hold
 * up the stamping of the frames behind it.
 */
final class AgentDesktop implements AutoCloseable {

    record Frame(JsonNode json, long arrivedNanos) {}

    private record Arrived(String text, long arrivedNanos) {}

    /** How long a frame may take before it counts as missing. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<Arrived> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private AgentDesktop(HttpClient client, int httpPort, String cookie) {
        StringBuilder partial = new StringBuilder();
        socket = client.newWebSocketBuilder()
                .header("Cookie", cookie)
                .header("Origin", "http://127.0.0.1:" + httpPort)
                .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/desktop/socket"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(new Arrived(partial.toString(), System.nanoTime()));
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .join();
    }

    /** Signs in as the agent's account, as the page does, and opens the desktop socket with its cookie. */
    static AgentDesktop signIn(HttpClient client, int httpPort, String login, String password) throws Exception {
        AgentDesktop desktop = new AgentDesktop(
                client, httpPort, StaffApi.signIn(httpPort, login, password).cookie());
        desktop.next("hello", -1, WAIT)
                .orElseThrow(() -> new IllegalStateException(login + "'s desktop did not say hello"));
        return desktop;
    }

    /** The next frame of that type (for that interaction, unless -1) within {@code wait}; others are skipped. */
    Optional<Frame> next(String type, long interactionId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Arrived arrived = frames.poll(10, TimeUnit.MILLISECONDS);
            if (arrived == null) {
                continue;
            }
            JsonNode json = parse(arrived.text());
            if (type.equals(json.path("type").asText())
                    && (interactionId < 0 || json.path("interactionId").asLong() == interactionId)) {
                return Optional.of(new Frame(json, arrived.arrivedNanos()));
            }
        }
        return Optional.empty();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("the desktop socket sent something other than JSON", e);
        }
    }

    /** Closes the socket as a browser tab does, so the node sees a close and not a broken connection. */
    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The node will see the connection drop instead.
        } finally {
            socket.abort();
        }
    }
}

package io.omniline.bench.pop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A signed-in agent's desktop socket, as the browser opens it; frames are stamped on arrival. */
final class AgentDesktop implements AutoCloseable {

    record Frame(JsonNode json, long arrivedNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private AgentDesktop(int httpPort, String cookie) {
        StringBuilder partial = new StringBuilder();
        socket = HTTP.newWebSocketBuilder().header("Cookie", cookie).header("Origin", "http://127.0.0.1:" + httpPort)
                .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/desktop/socket"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            long now = System.nanoTime();
                            try {
                                frames.add(new Frame(JSON.readTree(partial.toString()), now));
                            } catch (Exception e) {
                                throw new IllegalStateException("the desktop socket sent something other than JSON", e);
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).join();
    }

    static AgentDesktop signIn(int httpPort, String login, String password) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("login", login).put("password", password)
                        .toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the benchmark agent cannot sign in: " + response.body());
        }
        String cookie = response.headers().firstValue("set-cookie").orElseThrow();
        AgentDesktop desktop = new AgentDesktop(httpPort, cookie.substring(0, cookie.indexOf(';')));
        desktop.next("hello", -1);
        return desktop;
    }

    /** The next frame of that type (for that interaction, unless -1); others are skipped. */
    Frame next(String type, long interactionId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Frame frame = frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null && type.equals(frame.json().path("type").asText())
                    && (interactionId < 0 || frame.json().path("interactionId").asLong() == interactionId)) {
                return frame;
            }
        }
        throw new IllegalStateException("no " + type + " frame for interaction " + interactionId + " within 10 s");
    }

    @Override
    public void close() {
        socket.abort();
    }
}

package io.omniline.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.bridge.channels.chat.ChatGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A visitor's browser as far as the gateway can tell: the JDK's WebSocket client, speaking the widget's JSON. */
public final class ChatClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private ChatClient(int port) {
        socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + ChatGateway.PATH), new Listener())
                .join();
    }

    public static ChatClient connect(int port) {
        return new ChatClient(port);
    }

    public ChatClient send(String json) {
        socket.sendText(json, true).join();
        return this;
    }

    /** Sends unless the gateway has gone away, which is what some tests cause on purpose. */
    public boolean trySend(String json) {
        try {
            socket.sendText(json, true).get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public ChatClient hello(String token, String name, String phone, String email) {
        return send(json("type", "hello", "token", token, "name", name, "phone", phone, "email", email));
    }

    public ChatClient say(String id, String text) {
        return send(json("type", "message", "id", id, "text", text));
    }

    /** Asks for a one-time code to the phone or email given in the pre-chat form. */
    public ChatClient verify(String kind) {
        return send(json("type", "verify", "kind", kind));
    }

    /** Types a one-time code back. */
    public ChatClient code(String code) {
        return send(json("type", "code", "code", code));
    }

    /** The next frame of that type; frames of other types before it are dropped. */
    public JsonNode next(String type) {
        return next(type, Duration.ofSeconds(10));
    }

    /** The next frame of that type within {@code within}; frames of other types before it are dropped. */
    public JsonNode next(String type, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null && type.equals(frame.path("type").asText())) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no " + type + " frame within " + within.toSeconds() + " s");
    }

    /**
     * The acknowledgement of the message sent with that client id; acknowledgements of others
     * (a resent message is acknowledged each time it arrives) are dropped.
     */
    public JsonNode ackOf(String ref) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode ack = next("ack");
            if (ref.equals(ack.path("ref").asText())) {
                return ack;
            }
        }
        throw new AssertionError("no ack of " + ref + " within 10 s");
    }

    /** Every frame that arrives within the window. */
    public List<JsonNode> drain(Duration window) throws InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(20, TimeUnit.MILLISECONDS);
            if (frame != null) {
                all.add(frame);
            }
        }
        return all;
    }

    /** The client ids of every message the gateway has acknowledged so far, in order. */
    public List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    public int closeCode() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    public WebSocket socket() {
        return socket;
    }

    public static String json(String... pairs) {
        var node = MAPPER.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                node.put(pairs[i], pairs[i + 1]);
            }
        }
        return node.toString();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = MAPPER.readTree(partial.toString());
                    if ("ack".equals(frame.path("type").asText())) {
                        acknowledged.add(frame.path("ref").asText());
                    }
                    frames.add(frame);
                } catch (Exception e) {
                    throw new IllegalStateException("gateway sent something other than JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}

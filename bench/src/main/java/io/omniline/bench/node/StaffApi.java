package io.omniline.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The node's HTTP API as a signed-in person uses it: sign in (session cookie and CSRF token), then
 * JSON calls, and the Prometheus scrape.
 */
public final class StaffApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final String cookie;
    private final String csrfToken;

    private StaffApi(String base, String cookie, String csrfToken) {
        this.base = base;
        this.cookie = cookie;
        this.csrfToken = csrfToken;
    }

    /** Signs in as the account; the cookie is what a browser would keep. */
    public static StaffApi signIn(int httpPort, String login, String password)
            throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + httpPort;
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                                .put("login", login)
                                .put("password", password)
                                .toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    login + " cannot sign in: " + response.statusCode() + " " + response.body());
        }
        String setCookie = response.headers().firstValue("set-cookie").orElseThrow();
        return new StaffApi(
                base,
                setCookie.substring(0, setCookie.indexOf(';')),
                JSON.readTree(response.body()).path("csrfToken").asText());
    }

    public String cookie() {
        return cookie;
    }

    /** POST /api/agents: an agent with their account; the answer's status and body. */
    HttpResponse<String> createAgent(
            String login, String name, String sipInterface, Map<String, Integer> queues, String password)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("login", login)
                .put("displayName", name)
                .put("sipInterface", sipInterface)
                .put("password", password);
        ObjectNode queueNode = body.putObject("queues");
        queues.forEach(queueNode::put);
        return HTTP.send(
                request("/api/agents")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET under the signed-in session (the path with its query string); the answer's status and body. */
    public HttpResponse<String> get(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
        return HTTP.send(request(pathAndQuery).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET /metrics: a meter's value (summed over its tags); empty when the node does not publish it. */
    public OptionalDouble metric(String name) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(request("/metrics").GET().build(), HttpResponse.BodyHandlers.ofString());
        double[] values = response.body()
                .lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .toArray();
        return values.length == 0
                ? OptionalDouble.empty()
                : OptionalDouble.of(Arrays.stream(values).sum());
    }

    /**
     * POST /api/flows: a new flow with this draft; the answer (the flow and the validator's
     * problems with it).
     *
     * @throws IllegalStateException when the node refuses it
     */
    public JsonNode createFlow(String name, JsonNode definition) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("name", name);
        body.set("definition", definition);
        HttpResponse<String> response = HTTP.send(
                request("/api/flows")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "flow " + name + " not created: " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    /** The origin the node serves its pages from. */
    public String base() {
        return base;
    }

    public static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrfToken);
    }
}

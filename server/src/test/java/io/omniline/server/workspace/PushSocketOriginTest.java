package io.omniline.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.server.supervisor.LiveFeed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page on another site (or another port of this machine) cannot open a signed-in user's push
 * sockets with their cookie: the handshake's Origin must be one of this server's public origins,
 * and a handshake without one is refused too, before any upgrade.
 */
class PushSocketOriginTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void withNoOriginsConfiguredTheServersOwnAddressIsTheOnlyOrigin() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            int port = omniline.httpPort();
            ApiClient agent = agent(omniline);
            ApiClient admin = ApiClient.admin(omniline);

            for (String path : new String[] {DesktopSocket.PATH, LiveFeed.PATH}) {
                ApiClient client = path.equals(DesktopSocket.PATH) ? agent : admin;
                assertThat(handshake(omniline, path, client, null)).as(path).isEqualTo("refused 403");
                assertThat(handshake(omniline, path, client, "http://evil.example"))
                        .as(path)
                        .isEqualTo("refused 403");
                assertThat(handshake(omniline, path, client, "http://127.0.0.1:" + (port + 1)))
                        .as(path)
                        .isEqualTo("refused 403");
                assertThat(handshake(omniline, path, client, "null")).as(path).isEqualTo("refused 403");
                assertThat(refusal(omniline, path, client, "http://evil.example"))
                        .as("words, not Jetty's error page")
                        .isEqualTo(
                                "{\"error\":\"only Omniline's own pages (http.publicOrigins) may open this socket\"}");
                assertThat(handshake(omniline, path, client, "http://127.0.0.1:" + port))
                        .as(path)
                        .isEqualTo("upgraded");
                assertThat(handshake(omniline, path, client, "http://localhost:" + port))
                        .as(path)
                        .isEqualTo("upgraded");
            }
        }
    }

    @Test
    void configuredOriginsReplaceTheDerivedOnes() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.withHttp(
                TestConfigs.forDatabase(db.settings()),
                new OmnilineConfig.Http(
                        "127.0.0.1", 0, "https://desk.example.com, https://wall.example.com:8443", null, false)))) {
            ApiClient agent = agent(omniline);

            assertThat(handshake(omniline, DesktopSocket.PATH, agent, "https://desk.example.com"))
                    .isEqualTo("upgraded");
            assertThat(handshake(omniline, DesktopSocket.PATH, agent, "HTTPS://Desk.Example.com:443"))
                    .isEqualTo("upgraded");
            assertThat(handshake(omniline, DesktopSocket.PATH, agent, "https://wall.example.com:8443"))
                    .isEqualTo("upgraded");
            assertThat(handshake(omniline, DesktopSocket.PATH, agent, "http://desk.example.com"))
                    .isEqualTo("refused 403");
            assertThat(handshake(omniline, DesktopSocket.PATH, agent, "http://127.0.0.1:" + omniline.httpPort()))
                    .isEqualTo("refused 403");
        }
    }

    private static ApiClient agent(Omniline omniline) throws Exception {
        String login = "olga-" + UUID.randomUUID();
        long id = db.repositories()
                .agents()
                .create(login, "Olga", null, Map.of(), Map.of(), "test")
                .id();
        return ApiClient.as(omniline, db.repositories(), login, AccountRole.agent, id);
    }

    /** The body of a refused handshake, asked for over a plain socket (HttpClient may not send Upgrade). */
    private static String refusal(Omniline omniline, String path, ApiClient client, String origin) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", omniline.httpPort())) {
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                    + "Connection: Upgrade, close\r\nSec-WebSocket-Version: 13\r\n"
                                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + origin + "\r\n"
                                    + "Cookie: " + client.cookie() + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    private static String handshake(Omniline omniline, String path, ApiClient client, String origin) {
        WebSocket.Builder builder =
                HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", client.cookie());
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            builder.buildAsync(URI.create("ws://127.0.0.1:" + omniline.httpPort() + path), new WebSocket.Listener() {})
                    .join()
                    .sendClose(WebSocket.NORMAL_CLOSURE, "")
                    .join();
            return "upgraded";
        } catch (CompletionException e) {
            return e.getCause() instanceof WebSocketHandshakeException refused
                    ? "refused " + refused.getResponse().statusCode()
                    : String.valueOf(e.getCause());
        }
    }
}

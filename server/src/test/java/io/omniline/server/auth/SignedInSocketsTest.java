package io.omniline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real sockets on a bare Jetty, kept by two SignedInSockets that stand for two nodes on one
 * database: a sign-out announced on one closes the account's sockets on the other, and a socket
 * whose session ends by itself is closed at the next check.
 */
class SignedInSocketsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final AtomicBoolean sessionLive = new AtomicBoolean(true);
    private SignedInSockets here;
    private SignedInSockets elsewhere;
    private Server jetty;
    private ServerConnector connector;

    @BeforeEach
    void start() throws Exception {
        here = new SignedInSockets(db.database());
        elsewhere = new SignedInSockets(db.database());
        jetty = new Server();
        connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(WebSocketUpgradeHandler.from(
                jetty,
                container -> container.addMapping(
                        "/socket/*",
                        (request, response, callback) -> new Kept(
                                elsewhere,
                                Long.parseLong(request.getHttpURI().getPath().substring("/socket/".length())),
                                sessionLive::get))));
        jetty.start();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        here.close();
        elsewhere.close();
    }

    @Test
    void aSignOutAnnouncedOnOneNodeClosesTheAccountsSocketsOnAnother() throws Exception {
        Client seven = connect(7);
        Client eight = connect(8);

        here.signOutEverywhere(7);

        assertThat(seven.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.POLICY_VIOLATION);
        assertThat(eight.closed).isNotDone();
    }

    @Test
    void aSocketWhoseSessionEndedIsClosedAtTheNextCheck() throws Exception {
        Client nine = connect(9);
        elsewhere.closeEnded();
        assertThat(nine.closed).isNotDone();

        sessionLive.set(false);
        elsewhere.closeEnded();

        assertThat(nine.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.POLICY_VIOLATION);
    }

    @Test
    void aSocketOpeningAfterItsSessionEndedIsClosedAtOnce() throws Exception {
        sessionLive.set(false);

        assertThat(connect(10).closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.POLICY_VIOLATION);
    }

    private Client connect(long account) {
        Client client = new Client();
        HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/socket/" + account), client)
                .join();
        return client;
    }

    /** The server side: kept under its account while open. */
    public static final class Kept implements Session.Listener.AutoDemanding {

        private final SignedInSockets sockets;
        private final long account;
        private final java.util.function.BooleanSupplier live;
        private Session session;

        Kept(SignedInSockets sockets, long account, java.util.function.BooleanSupplier live) {
            this.sockets = sockets;
            this.account = account;
            this.live = live;
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
            sockets.opened(account, opened, live);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            sockets.closed(account, session);
        }
    }

    private static final class Client implements WebSocket.Listener {

        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }
}

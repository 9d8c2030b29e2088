package io.omniline.server.workspace;

import io.omniline.db.account.WebSession;
import io.omniline.server.auth.AuthHandler;
import io.omniline.server.auth.Authenticator;
import io.omniline.server.auth.SignedInSockets;
import io.omniline.server.http.JsonRefusal;
import java.util.Optional;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * An agent's desktop connection ({@code /desktop/socket}): upgraded only for an agent's live
 * session (its cookie), registered with the hub under that agent, so nobody receives another
 * agent's pops, and with the signed-in sockets under the account, so signing the account out
 * closes it. The page answers a server frame with nothing; it only listens.
 */
public final class DesktopSocket implements Session.Listener.AutoDemanding {

    public static final String PATH = "/desktop/socket";

    private final DesktopHub hub;
    private final SignedInSockets signedIn;
    private final Authenticator authenticator;
    private final String token;
    private final long accountId;
    private final long agentId;
    private volatile Session session;

    private DesktopSocket(
            DesktopHub hub,
            SignedInSockets signedIn,
            Authenticator authenticator,
            String token,
            long accountId,
            long agentId) {
        this.hub = hub;
        this.signedIn = signedIn;
        this.authenticator = authenticator;
        this.token = token;
        this.accountId = accountId;
        this.agentId = agentId;
    }

    /** Refuses the upgrade with 401 without a session and 403 for an account that is not an agent's. */
    public static WebSocketCreator creator(DesktopHub hub, Authenticator authenticator, SignedInSockets signedIn) {
        return (request, response, callback) -> {
            String token = AuthHandler.token(request);
            Optional<WebSession> session = authenticator.recognise(token);
            if (session.isEmpty()) {
                JsonRefusal.write(response, callback, 401, "sign in first");
                return null;
            }
            Long agent = session.get().account().agentId();
            if (agent == null) {
                JsonRefusal.write(response, callback, 403, "only agents have a desktop");
                return null;
            }
            return new DesktopSocket(
                    hub, signedIn, authenticator, token, session.get().account().id(), agent);
        };
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        hub.connected(agentId, session);
        signedIn.opened(accountId, session, () -> authenticator.isLive(token));
        session.sendText("{\"type\":\"hello\",\"agentId\":" + agentId + "}", Callback.NOOP);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (session != null) {
            hub.disconnected(agentId, session);
            signedIn.closed(accountId, session);
        }
    }
}

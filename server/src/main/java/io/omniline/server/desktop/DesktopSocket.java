package io.omniline.server.desktop;

import io.omniline.db.account.WebSession;
import io.omniline.server.auth.AuthHandler;
import io.omniline.server.auth.Authenticator;
import java.util.Optional;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * An agent's desktop connection ({@code /desktop/socket}): upgraded only for an agent's live
 * session (its cookie), registered with the hub under that agent, so nobody receives another
 * agent's pops. The page answers a server frame with nothing; it only listens.
 */
public final class DesktopSocket implements Session.Listener.AutoDemanding {

    public static final String PATH = "/desktop/socket";

    private final DesktopHub hub;
    private final long agentId;
    private volatile Session session;

    private DesktopSocket(DesktopHub hub, long agentId) {
        this.hub = hub;
        this.agentId = agentId;
    }

    /** Refuses the upgrade with 401 without a session and 403 for an account that is not an agent's. */
    public static WebSocketCreator creator(DesktopHub hub, Authenticator authenticator) {
        return (request, response, callback) -> {
            Optional<WebSession> session = authenticator.recognise(AuthHandler.token(request));
            if (session.isEmpty()) {
                Response.writeError(request, response, callback, 401, "sign in first");
                return null;
            }
            Long agent = session.get().account().agentId();
            if (agent == null) {
                Response.writeError(request, response, callback, 403, "only agents have a desktop");
                return null;
            }
            return new DesktopSocket(hub, agent);
        };
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        hub.connected(agentId, session);
        session.sendText("{\"type\":\"hello\",\"agentId\":" + agentId + "}", Callback.NOOP);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (session != null) {
            hub.disconnected(agentId, session);
        }
    }
}

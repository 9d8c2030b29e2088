package io.omniline.server.supervisor;

import io.omniline.server.auth.SignedInSockets;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.websocket.api.Session;

/** One supervisor's wallboard connection; public because Jetty invokes it reflectively. */
public final class WallboardSocket implements Session.Listener.AutoDemanding {

    private final LiveFeed feed;
    private final SignedInSockets signedIn;
    private final long accountId;
    private final BooleanSupplier stillSignedIn;
    private volatile Session session;

    WallboardSocket(LiveFeed feed, SignedInSockets signedIn, long accountId, BooleanSupplier stillSignedIn) {
        this.feed = feed;
        this.signedIn = signedIn;
        this.accountId = accountId;
        this.stillSignedIn = stillSignedIn;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        signedIn.opened(accountId, opened, stillSignedIn);
        feed.watch(opened);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (session != null) {
            feed.unwatch(session);
            signedIn.closed(accountId, session);
        }
    }
}

package io.omniline.server.supervisor;

import org.eclipse.jetty.websocket.api.Session;

/** One supervisor's wallboard connection; public because Jetty invokes it reflectively. */
public final class WallboardSocket implements Session.Listener.AutoDemanding {

    private final LiveFeed feed;
    private volatile Session session;

    WallboardSocket(LiveFeed feed) {
        this.feed = feed;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        feed.watch(opened);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (session != null) {
            feed.unwatch(session);
        }
    }
}

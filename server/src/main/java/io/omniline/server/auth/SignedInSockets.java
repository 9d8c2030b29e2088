package io.omniline.server.auth;

import io.omniline.db.Database;
import io.omniline.db.notify.Notifications;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push sockets (desktop, wallboard) open on this node, by account. When an account is
 * disabled or given a new password its sessions end in the database, but a socket already open
 * would keep receiving pops; so the change is announced over PostgreSQL NOTIFY and every node
 * closes that account's sockets at once. The page then finds itself signed out. A socket whose
 * session ended otherwise (signed out, unused too long, past its absolute lifetime) is closed
 * at the next {@link #closeEnded()}.
 */
public final class SignedInSockets implements AutoCloseable {

    static final String CHANNEL = "omniline_account";
    /** The close code the page sees: the server's policy ended the socket. */
    private static final int SIGNED_OUT = StatusCode.POLICY_VIOLATION;

    private static final Logger log = LoggerFactory.getLogger(SignedInSockets.class);

    private final ConcurrentMap<Long, ConcurrentMap<Session, BooleanSupplier>> open = new ConcurrentHashMap<>();
    private final Notifications bus;

    public SignedInSockets(Database database) {
        this.bus = database.listen(CHANNEL, this::received);
    }

    /**
     * Keeps a socket that has just opened. The session is checked again after it is kept: a
     * sign-out announced between the handshake and now would otherwise miss it.
     *
     * @param stillSignedIn whether the session the socket opened with is still good (not a use of it)
     */
    public void opened(long accountId, Session session, BooleanSupplier stillSignedIn) {
        open.computeIfAbsent(accountId, id -> new ConcurrentHashMap<>()).put(session, stillSignedIn);
        if (!stillSignedIn.getAsBoolean()) {
            session.close(SIGNED_OUT, "signed out", Callback.NOOP);
        }
    }

    public void closed(long accountId, Session session) {
        open.computeIfPresent(accountId, (id, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** Closes the sockets whose session has ended since they opened. */
    public void closeEnded() {
        open.values()
                .forEach(sessions -> sessions.forEach((session, stillSignedIn) -> {
                    if (!stillSignedIn.getAsBoolean()) {
                        session.close(SIGNED_OUT, "signed out", Callback.NOOP);
                    }
                }));
    }

    /** Closes the account's sockets here now and on every other node as soon as they hear of it. */
    public void signOutEverywhere(long accountId) {
        closeHere(accountId);
        try {
            bus.publish(Long.toString(accountId));
        } catch (RuntimeException e) {
            log.warn(
                    "other nodes could not be told to close the sockets of account {} at once; its sessions have "
                            + "ended, so each node closes them at its next session check",
                    accountId,
                    e);
        }
    }

    private void received(String payload) {
        try {
            closeHere(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            log.warn("an unreadable sign-out notice was ignored");
        }
    }

    private void closeHere(long accountId) {
        Map<Session, BooleanSupplier> sessions = open.remove(accountId);
        if (sessions != null) {
            sessions.keySet().forEach(session -> session.close(SIGNED_OUT, "signed out", Callback.NOOP));
        }
    }

    @Override
    public void close() {
        bus.close();
    }
}

package io.omniline.server.auth;

import io.omniline.db.account.LoginThrottleRepository;
import io.omniline.db.account.WebSessionRepository;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes sessions that ended (idle too long or past their absolute lifetime) and login counts
 * whose window passed, on a timer: nothing else would, and the tables would only grow. Then
 * closes this node's push sockets whose session has ended, so a page left open does not keep
 * receiving pops past its session. Every node runs it; deleting what another node deleted
 * already costs nothing.
 */
public final class SessionPurge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionPurge.class);

    private final WebSessionRepository sessions;
    private final LoginThrottleRepository tries;
    private final SignedInSockets sockets;
    private final Duration absolute;
    private final Duration throttleWindow;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("session-purge").factory());

    public SessionPurge(
            WebSessionRepository sessions,
            LoginThrottleRepository tries,
            SignedInSockets sockets,
            Duration absolute,
            Duration throttleWindow) {
        this.sessions = sessions;
        this.tries = tries;
        this.sockets = sockets;
        this.absolute = absolute;
        this.throttleWindow = throttleWindow;
    }

    /** Purges now and then every {@code every}. */
    public SessionPurge start(Duration every) {
        timer.scheduleWithFixedDelay(this::purge, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void purge() {
        try {
            int ended = sessions.purgeExpired(absolute);
            int counts = tries.purge(throttleWindow);
            if (ended + counts > 0) {
                log.info("purged {} ended web sessions and {} old login counts", ended, counts);
            }
            sockets.closeEnded();
        } catch (RuntimeException e) {
            log.warn("purging ended web sessions failed; the next run retries: {}", e.getMessage());
        }
    }

    /** Lets a purge under way finish; interrupting it would break its database connection. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

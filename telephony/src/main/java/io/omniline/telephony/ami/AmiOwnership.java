package io.omniline.telephony.ami;

import io.omniline.db.lock.AdvisoryLock;
import io.omniline.db.lock.AdvisoryLocks;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether this node follows one Asterisk server's AMI: the node holding the server's
 * PostgreSQL advisory lock does, every other node waits. The lock lives on a connection of its
 * own; when that connection stops answering the lock may be another node's already, so the
 * owner is told to stop reading at once, before anyone else can start. A node that does not own
 * the server asks for the lock every {@code poll}, so when the owner dies (and PostgreSQL ends
 * its session) another node takes over within a poll.
 */
public final class AmiOwnership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AmiOwnership.class);

    /** Told when this node starts and stops following the server; on the ownership's own thread. */
    public interface Owner {

        /** This node holds the lock now: start reading the server's AMI. */
        void taken();

        /** The lock is gone, or may be: stop reading before returning. */
        void lost(String reason);
    }

    /**
     * @param poll how often a node without the lock asks for it
     * @param check how often the owner proves its lock's connection alive; each proof may take as long
     */
    public record Settings(Duration poll, Duration check) {

        /** A node takes over within about three seconds of the owner's session ending. */
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    private final String server;
    private final String lockName;
    private final AdvisoryLocks locks;
    private final Settings settings;
    private final Owner owner;
    private final Thread loop;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean owned;

    private AmiOwnership(String server, AdvisoryLocks locks, Settings settings, Owner owner) {
        this.server = server;
        this.lockName = "omniline.ami." + server;
        this.locks = locks;
        this.settings = settings;
        this.owner = owner;
        this.loop = Thread.ofVirtual().name("ami-owner-" + server).unstarted(this::contend);
    }

    /** Contends for Asterisk server {@code server} from now on. */
    public static AmiOwnership contend(String server, AdvisoryLocks locks, Settings settings, Owner owner) {
        AmiOwnership ownership = new AmiOwnership(server, locks, settings, owner);
        ownership.loop.start();
        return ownership;
    }

    /** Whether this node follows the server now. */
    public boolean owned() {
        return owned;
    }

    private void contend() {
        AdvisoryLock held = null;
        boolean complained = false;
        while (running) {
            if (held == null) {
                try {
                    held = take().orElse(null);
                    complained = false;
                } catch (SQLException e) {
                    if (!complained) {
                        log.warn(
                                "cannot ask for the lock of Asterisk '{}' ({}); asking again every {} ms",
                                server,
                                e.getMessage(),
                                settings.poll().toMillis());
                        complained = true;
                    }
                }
            } else if (!held.stillHeld(settings.check())) {
                release(held, "the database connection holding this node's lock on it is lost");
                held = null;
            }
            if (running) {
                pause(held == null ? settings.poll() : settings.check());
            }
        }
        if (held != null) {
            release(held, "Omniline is stopping");
        }
    }

    private Optional<AdvisoryLock> take() throws SQLException {
        Optional<AdvisoryLock> taken = locks.tryTake(lockName);
        taken.ifPresent(lock -> {
            log.info("this node follows Asterisk '{}' now", server);
            owned = true;
            try {
                owner.taken();
            } catch (RuntimeException e) {
                log.error("following Asterisk '{}' did not start; letting another node have it", server, e);
                owned = false;
                owner.lost("it did not start here");
                lock.close();
            }
        });
        return taken.filter(lock -> owned);
    }

    private void release(AdvisoryLock held, String reason) {
        owned = false;
        try {
            owner.lost(reason);
        } finally {
            held.close();
        }
        if (running) {
            log.warn("this node stopped following Asterisk '{}': {}; another node takes over", server, reason);
        }
    }

    private void pause(Duration duration) {
        try {
            stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** Stops following the server (if this node did) and lets the lock go, for another node to take. */
    @Override
    public void close() {
        running = false;
        stopping.countDown();
        try {
            loop.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

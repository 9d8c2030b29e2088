package io.omniline.server.supervisor;

import io.omniline.db.digital.DigitalQueueRepository;
import io.omniline.db.digital.QueueLoad;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every queue's chats, emails and SMS waiting and in progress, read in one query at most once per
 * {@code refresh} however many queues and wallboards there are: the wallboard's frame is built
 * twice a second. While the database does not answer, the last figures stay and
 * {@link #current()} says they are old.
 */
public final class DigitalLoads implements Supplier<List<QueueLoad>> {

    private static final Logger log = LoggerFactory.getLogger(DigitalLoads.class);

    private final DigitalQueueRepository digital;
    private final Clock clock;
    private final Duration refresh;
    private List<QueueLoad> last = List.of();
    private Instant lastAt = Instant.MIN;
    private boolean current = true;

    public DigitalLoads(DigitalQueueRepository digital, Clock clock, Duration refresh) {
        this.digital = digital;
        this.clock = clock;
        this.refresh = refresh;
    }

    @Override
    public synchronized List<QueueLoad> get() {
        Instant now = clock.instant();
        if (lastAt.plus(refresh).isAfter(now)) {
            return last;
        }
        lastAt = now;
        try {
            last = digital.loads();
            current = true;
        } catch (RuntimeException e) {
            current = false;
            log.warn("the queues' chats, emails and SMS could not be read; trying again in {}", refresh, e);
        }
        return last;
    }

    /** False while the last read failed: the figures shown are older. */
    public synchronized boolean current() {
        return current;
    }
}

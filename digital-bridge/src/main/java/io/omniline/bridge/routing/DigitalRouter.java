package io.omniline.bridge.routing;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.db.digital.DigitalQueueRepository;
import io.omniline.db.digital.Offer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers waiting chats, emails and SMS to agents with room for them. A pass runs whenever
 * something changed on this node (a conversation queued, an agent signed in or freed up) and on
 * a timer, which also catches changes made by other nodes and takes back offers nobody accepted.
 * Passes run one at a time on one thread; the database keeps several nodes from double-booking.
 */
public final class DigitalRouter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DigitalRouter.class);

    private final DigitalQueueRepository queue;
    private final ConversationListener events;
    private final Duration offerTimeout;
    private final AtomicBoolean passPending = new AtomicBoolean();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("digital-router").factory());

    public DigitalRouter(DigitalQueueRepository queue, ConversationListener events, Duration offerTimeout) {
        this.queue = queue;
        this.events = events;
        this.offerTimeout = offerTimeout;
    }

    /** Starts the timer pass. */
    public DigitalRouter start(Duration every) {
        executor.scheduleWithFixedDelay(this::sweep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public void signIn(long agentId, int capacity) {
        queue.signIn(agentId, capacity);
        route();
    }

    public void signOut(long agentId) {
        queue.signOut(agentId);
    }

    /**
     * Asks for a pass. Requests that arrive while one is already waiting to run are folded into
     * it, so a burst of new conversations costs one pass, not one each.
     */
    public void route() {
        if (passPending.compareAndSet(false, true)) {
            executor.execute(() -> {
                passPending.set(false);
                try {
                    pass();
                } catch (RuntimeException e) {
                    log.warn("routing pass failed; the next one retries", e);
                }
            });
        }
    }

    private void sweep() {
        try {
            List<Long> withdrawn = queue.withdrawStaleOffers(offerTimeout);
            if (!withdrawn.isEmpty()) {
                log.info(
                        "offers not accepted within {}s went back to their queue: interactions {}",
                        offerTimeout.toSeconds(),
                        withdrawn);
            }
            pass();
        } catch (RuntimeException e) {
            log.warn("routing pass failed; the next one retries", e);
        }
    }

    private void pass() {
        for (Optional<Offer> offer = queue.offerNext(); offer.isPresent(); offer = queue.offerNext()) {
            events.on(new ConversationEvent.Offered(offer.get()));
        }
    }

    /**
     * Lets a running pass finish: interrupting it would break its database connection mid-query.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("a routing pass is still running after 5 s; stopping without it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

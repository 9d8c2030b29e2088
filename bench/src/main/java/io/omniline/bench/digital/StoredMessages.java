package io.omniline.bench.digital;

import io.omniline.db.bench.BenchQueries;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Recorder;

/**
 * Watches the node's database for the messages the benchmark sent, from outside: every few
 * milliseconds it reads the messages stored since the last look (by primary key, so the scan is
 * short however big the table) and, for each of ours whose interaction waits in its queue (or is
 * already offered to or held by an agent), records the time since it was sent. The latency is
 * therefore accurate to the polling period.
 */
final class StoredMessages implements AutoCloseable {

    private static final long POLL_MILLIS = 5;
    /** Ids are handed out before commit, so a few may become visible after later ones. */
    private static final long LATE_COMMIT_WINDOW = 5_000;

    private final BenchQueries queries;
    private final String queue;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Recorder latency = new Recorder(3);
    private final Thread poller;
    private volatile long lastSeenAt;
    private long floor;

    /** @param queue the queue the channel's conversations are routed to */
    StoredMessages(BenchQueries queries, String queue) {
        this.queries = queries;
        this.queue = queue;
        this.floor = queries.lastMessageId();
        this.poller = Thread.ofPlatform().name("stored-messages").daemon().start(this::poll);
    }

    /** @param externalId the id the node stores the message under */
    void sent(String externalId) {
        sentAt.put(externalId, System.nanoTime());
    }

    int stored() {
        return seen.size();
    }

    /** The messages sent and not seen stored and routed. */
    Set<String> missing() {
        Set<String> missing = new TreeSet<>(sentAt.keySet());
        missing.removeAll(seen);
        return missing;
    }

    long lastStoredAt() {
        return lastSeenAt;
    }

    Recorder latency() {
        return latency;
    }

    private void poll() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                look();
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            // Closed.
        }
    }

    private void look() {
        long highest = floor;
        for (BenchQueries.StoredMessage row : queries.routedMessagesAfter(floor, queue)) {
            long now = System.nanoTime();
            highest = Math.max(highest, row.id());
            String externalId = row.externalId();
            Long sent = externalId == null ? null : sentAt.get(externalId);
            if (sent != null && seen.add(externalId)) {
                latency.recordValue(Math.max(0, now - sent));
                lastSeenAt = now;
            }
        }
        floor = Math.max(floor, highest - LATE_COMMIT_WINDOW);
    }

    @Override
    public void close() throws InterruptedException {
        poller.interrupt();
        poller.join();
    }
}

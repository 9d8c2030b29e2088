package io.omniline.server.workspace;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desktop work, one lane per agent: an agent's frames go out in the order they were announced,
 * different agents' at the same time. With one lane for everybody, a call ringing three agents
 * built and sent their pops one after the other, and every other agent's frames waited behind.
 */
final class AgentLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentLanes.class);

    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("desktop-push-", 0).factory());
    /** Each agent's last piece of work; removed once it is done and nothing came after it. */
    private final ConcurrentMap<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Runs {@code work} after everything handed over for this agent before it. */
    void run(long agentId, Runnable work) {
        CompletableFuture<Void> next = tails.compute(
                agentId,
                (id, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                        .thenRunAsync(() -> guarded(work), threads));
        next.whenComplete((done, failure) -> tails.remove(agentId, next));
    }

    private static void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("a desktop frame could not be sent", e);
        }
    }

    /** Lets the work already handed over finish (up to {@code grace}), then stops. */
    void close(Duration grace) {
        CompletableFuture<?> all = CompletableFuture.allOf(tails.values().toArray(CompletableFuture[]::new));
        try {
            all.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("desktop frames still being sent at shutdown were dropped: {}", e.toString());
        }
        threads.shutdown();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}

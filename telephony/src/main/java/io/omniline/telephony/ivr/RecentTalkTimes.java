package io.omniline.telephony.ivr;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Each queue's average talk time over recent calls, for the wait announced to callers, read from
 * the database at most once per {@code refresh} per queue. Every caller entering a busy queue asks
 * for it, and the figure (an average over hours, said in whole minutes) barely moves between two
 * callers: without this, each of them ran the same aggregate within the IVR's database budget.
 * A figure older than {@code refresh} is still given while one read, in the background, replaces
 * it; a failed background read keeps the old figure. Only a queue's first caller, or the first
 * after {@code forget} without a successful read, waits for the database.
 */
final class RecentTalkTimes implements QueueAnnouncer.HandleTimes {

    private final LoadingCache<String, OptionalDouble> byQueue;

    /**
     * @param database the average from the stored calls, per queue
     * @param background where the refreshing reads run
     */
    RecentTalkTimes(
            Function<String, OptionalDouble> database,
            Duration refresh,
            Duration forget,
            Executor background,
            Ticker ticker) {
        this.byQueue = Caffeine.newBuilder()
                .refreshAfterWrite(refresh)
                .expireAfterWrite(forget)
                .executor(background)
                .ticker(ticker)
                .build(database::apply);
    }

    @Override
    public OptionalDouble averageTalkSeconds(String queue) {
        return byQueue.get(queue);
    }
}

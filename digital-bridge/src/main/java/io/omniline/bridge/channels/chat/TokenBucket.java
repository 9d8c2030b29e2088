package io.omniline.bridge.channels.chat;

/**
 * A rate limit: {@code burst} messages at once, refilled at {@code perSecond}. Thread-safe,
 * because one visitor address is shared by all its connections' event loops.
 */
final class TokenBucket {

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(double perSecond, double burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** True when the bucket has refilled to its burst: it limits nothing that a fresh one would not. */
    synchronized boolean full(long nowNanos) {
        return Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * perSecond) >= burst;
    }

    /** Milliseconds until one message would be allowed again. */
    synchronized long millisUntilNext() {
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perSecond * 1000);
    }
}

package io.omniline.bridge.chat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Per visitor address: how many sockets are open and how fast they may write, together. */
final class AddressLimits {

    private final ChatGatewaySettings settings;
    private final ConcurrentMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TokenBucket> rates = new ConcurrentHashMap<>();

    AddressLimits(ChatGatewaySettings settings) {
        this.settings = settings;
    }

    /** @return false when the address already has its share of sockets; nothing is counted then */
    boolean admit(String address) {
        AtomicInteger count = connections.computeIfAbsent(address, key -> new AtomicInteger());
        if (count.incrementAndGet() > settings.maxConnectionsPerAddress()) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    void release(String address) {
        connections.computeIfPresent(address, (key, count) -> {
            if (count.decrementAndGet() > 0) {
                return count;
            }
            rates.remove(key);
            return null;
        });
    }

    TokenBucket rate(String address) {
        return rates.computeIfAbsent(address, key ->
                new TokenBucket(settings.addressMessagesPerSecond(), settings.addressBurst(), System.nanoTime()));
    }
}

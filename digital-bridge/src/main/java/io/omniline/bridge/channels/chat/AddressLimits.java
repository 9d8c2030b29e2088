package io.omniline.bridge.channels.chat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per visitor address: how many sockets are open, how fast they may write together, and how
 * many new chats it may start. The chat limit outlives the address's sockets (otherwise closing
 * and reopening one would reset it) until it has refilled.
 */
final class AddressLimits {

    private final ChatGatewaySettings settings;
    private final ConcurrentMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TokenBucket> rates = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TokenBucket> chats = new ConcurrentHashMap<>();

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
        return rates.computeIfAbsent(
                address,
                key -> new TokenBucket(
                        settings.addressMessagesPerSecond(), settings.addressBurst(), System.nanoTime()));
    }

    TokenBucket chats(String address) {
        return chats.computeIfAbsent(
                address,
                key -> new TokenBucket(
                        settings.addressChatsPerMinute() / 60, settings.addressChatBurst(), System.nanoTime()));
    }

    /** Forgets the chat limits that have refilled: those addresses are back where a stranger starts. */
    void forgetRefilled() {
        long now = System.nanoTime();
        chats.values().removeIf(bucket -> bucket.full(now));
    }
}

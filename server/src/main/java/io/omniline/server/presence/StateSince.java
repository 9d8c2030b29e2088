package io.omniline.server.presence;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each agent's status last changed, as this node saw it. Asterisk does not say how long a
 * member has been in a state, so the time starts at the first look that found it different;
 * the wallboard looks twice a second, so the figure is that close.
 */
final class StateSince {

    private record Seen(String status, Instant since) {}

    private final Clock clock;
    private final Map<Long, Seen> seen = new ConcurrentHashMap<>();

    StateSince(Clock clock) {
        this.clock = clock;
    }

    Instant of(long agentId, String status) {
        return seen.compute(
                        agentId,
                        (id, last) ->
                                last != null && last.status().equals(status) ? last : new Seen(status, clock.instant()))
                .since();
    }
}

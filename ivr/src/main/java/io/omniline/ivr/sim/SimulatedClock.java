package io.omniline.ivr.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The simulated call's time: starts at the scenario's instant and moves as the caller waits. */
final class SimulatedClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    SimulatedClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private SimulatedClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new SimulatedClock(now, other);
    }
}

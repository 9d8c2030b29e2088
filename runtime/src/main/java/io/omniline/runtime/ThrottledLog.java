package io.omniline.runtime;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A warning that may happen thousands of times a second (a flood, a process out of files)
 * written at most once per interval, with how often it happened since the last line: the
 * first occurrence is logged at once, later ones are counted into the next line.
 */
public final class ThrottledLog {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastLogged;
    private boolean loggedOnce;
    private long unlogged;

    public ThrottledLog(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    public ThrottledLog(Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** @param message what happened, for one occurrence; the count is appended */
    public synchronized void warn(String message) {
        unlogged++;
        long now = nanoTime.getAsLong();
        if (loggedOnce && now - lastLogged < intervalNanos) {
            return;
        }
        log.warn("{} ({} time{} since the last such line)", message, unlogged, unlogged == 1 ? "" : "s");
        lastLogged = now;
        loggedOnce = true;
        unlogged = 0;
    }
}

package io.omniline.bench.mainflow;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** What the calls of one run saw, gathered from every call's thread at once. Times in nanoseconds. */
final class CallStats {

    private final Recorder turnaround = new Recorder(3);
    private final Recorder firstPrompt = new Recorder(3);
    private final Recorder handOff = new Recorder(3);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLongArray servedAt;
    private final LongAdder completed = new LongAdder();
    private final LongAdder fallback = new LongAdder();
    private final LongAdder hungUp = new LongAdder();
    private final LongAdder vipCalls = new LongAdder();
    private final LongAdder vipRecognised = new LongAdder();
    private final LongAdder unknownCommands = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    CallStats(int calls) {
        this.servedAt = new AtomicLongArray(calls);
    }

    /** The server sent the call's first command: the session is being served. */
    void served(int call, long at) {
        servedAt.set(call, at);
        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
    }

    void ended() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }

    void turnaround(long nanos) {
        turnaround.recordValue(nanos);
    }

    void firstPrompt(long nanos) {
        firstPrompt.recordValue(nanos);
    }

    void handOff(long nanos) {
        handOff.recordValue(nanos);
    }

    void completed(Caller caller, boolean callerHungUp, boolean vipPriority) {
        completed.increment();
        if (callerHungUp) {
            hungUp.increment();
        } else if (caller.kind() == Caller.Kind.VIP) {
            vipCalls.increment();
            if (vipPriority) {
                vipRecognised.increment();
            }
        }
    }

    /** Handed to the dialplan's fallback queue without running the flow; a VIP then goes unrecognised. */
    void fallback(Caller caller) {
        fallback.increment();
        if (caller.kind() == Caller.Kind.VIP) {
            vipCalls.increment();
        }
    }

    void failed(String reason) {
        failures.computeIfAbsent(reason, key -> new LongAdder()).increment();
    }

    void unknownCommand() {
        unknownCommands.increment();
    }

    /** The totals; the histograms are taken, so call once at the end. */
    Totals totals() {
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((reason, count) -> failed.put(reason, count.sum()));
        return new Totals(
                completed.sum(),
                fallback.sum(),
                failed,
                hungUp.sum(),
                vipCalls.sum(),
                vipRecognised.sum(),
                unknownCommands.sum(),
                peak.get(),
                turnaround.getIntervalHistogram(),
                firstPrompt.getIntervalHistogram(),
                handOff.getIntervalHistogram());
    }

    /** When each call was first served (System.nanoTime()), 0 for calls never served. */
    long servedAt(int call) {
        return servedAt.get(call);
    }

    /**
     * @param completed calls that ran the flow to its end (or to the caller's hang-up)
     * @param fallback calls sent to the fallback queue without running the flow
     */
    record Totals(
            long completed,
            long fallback,
            Map<String, Long> failures,
            long hungUp,
            long vipCalls,
            long vipRecognised,
            long unknownCommands,
            int peakOpen,
            Histogram turnaround,
            Histogram firstPrompt,
            Histogram handOff) {

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}

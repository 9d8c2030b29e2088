package io.omniline.db.seed;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A seeded agent's state log over the history, as AMI and the desktop would have written it: one
 * shift a day (early, middle or late by agent), logged in, then calls one after another — ringing,
 * on call, wrap-up (ended from the desktop), available until the next — with a lunch pause and the
 * odd short break, logged out at the end. The spans are drawn like the seeded calls' (ring, talk,
 * after-call work), so occupancy and utilisation come out as a busy floor's.
 */
final class AgentShifts {

    private static final int SHIFT_SECONDS = 8 * 3600;
    private static final int[] SHIFT_STARTS = {7, 11, 14};

    private final SplittableRandom random;
    private final long now;

    AgentShifts(SplittableRandom random, long now) {
        this.random = random;
        this.now = now;
    }

    /** Every day's shift of one agent, from {@code firstDay} (a midnight, epoch seconds) to now. */
    void write(CsvRows log, long agentId, int agentIndex, long firstDay) {
        int startHour = SHIFT_STARTS[agentIndex % SHIFT_STARTS.length];
        for (long day = firstDay; day + startHour * 3600L < now; day += ContactTimes.DAY) {
            shift(log, agentId, day + startHour * 3600L + random.nextInt(600));
        }
    }

    private void shift(CsvRows log, long agent, long start) {
        long end = Math.min(start + SHIFT_SECONDS, now);
        long lunch = start + SHIFT_SECONDS / 2 + random.nextInt(1800);
        boolean lunched = false;
        row(log, agent, "logged_in", null, start, "ami");
        long at = start + 2;
        row(log, agent, "available", null, at, "ami");
        while (true) {
            at += 20 + random.nextInt(300);
            if (!lunched && at >= lunch) {
                lunched = true;
                at = pause(log, agent, at, "lunch", 1800, end);
            } else if (random.nextInt(25) == 0) {
                at = pause(log, agent, at, "break", 300 + random.nextInt(600), end);
            }
            long ringing = at;
            long onCall = ringing + 3 + random.nextInt(18);
            long wrapUp = onCall + 60 + random.nextInt(720);
            long available = wrapUp + 10 + random.nextInt(110);
            if (available >= end) {
                break;
            }
            row(log, agent, "ringing", null, ringing, "ami");
            row(log, agent, "on_call", null, onCall, "ami");
            row(log, agent, "wrap_up", null, wrapUp, "ami");
            row(log, agent, "available", null, available, "desktop");
            at = available;
        }
        if (end < now) {
            row(log, agent, "logged_out", null, end, "ami");
        }
    }

    /** A pause from {@code at}; returns when the agent is available again (or the shift's end). */
    private long pause(CsvRows log, long agent, long at, String reason, int seconds, long end) {
        if (at >= end) {
            return at;
        }
        row(log, agent, "paused", reason, at, "ami");
        long back = Math.min(at + seconds, end - 1);
        row(log, agent, "available", null, back, "ami");
        return back;
    }

    private static void row(CsvRows log, long agent, String state, String reason, long at, String source) {
        log.value(agent)
                .value(state)
                .value(reason)
                .value(Instant.ofEpochSecond(at).toString())
                .value(source)
                .endRow();
    }
}

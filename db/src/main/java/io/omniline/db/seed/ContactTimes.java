package io.omniline.db.seed;

import java.util.SplittableRandom;

/**
 * When seeded contacts happen: on any of the last {@link #HISTORY_DAYS} days, mostly in the
 * contact center's opening hours (08:00–20:00 UTC, the reports' default zone) with a morning and
 * an afternoon peak, a few at night, so every report interval (15 minutes to a month) and the
 * previous-period comparison of each have traffic to count.
 */
final class ContactTimes {

    static final int HISTORY_DAYS = 365;
    static final long DAY = 24 * 3600L;

    /** Relative weight of each hour of the day: a contact center's usual double hump. */
    private static final int[] HOURLY = {1, 1, 1, 1, 1, 1, 2, 4, 9, 13, 14, 12, 10, 11, 13, 12, 10, 8, 6, 4, 3, 2, 1, 1
    };

    private static final int TOTAL = java.util.Arrays.stream(HOURLY).sum();

    private final SplittableRandom random;
    private final long today;
    private final long now;

    /** @param now epoch second the history ends at */
    ContactTimes(SplittableRandom random, long now) {
        this.random = random;
        this.now = now;
        this.today = now - Math.floorMod(now, DAY);
    }

    /** A contact's start, somewhere in the history, never after {@code now} less an hour. */
    long any() {
        return around(today - DAY * random.nextInt(HISTORY_DAYS));
    }

    /** A contact within {@code days} after {@code at} (a customer coming back), never after now less an hour. */
    long after(long at, int days) {
        return Math.min(at + 3600 + random.nextLong(DAY * days), now - 3600);
    }

    /** The start of the first day of the history: customers exist from before it. */
    long historyStart() {
        return today - DAY * HISTORY_DAYS;
    }

    private long around(long day) {
        int pick = random.nextInt(TOTAL);
        int hour = 0;
        while (pick >= HOURLY[hour]) {
            pick -= HOURLY[hour++];
        }
        return Math.min(day + hour * 3600L + random.nextInt(3600), now - 3600);
    }
}

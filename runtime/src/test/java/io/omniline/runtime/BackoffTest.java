package io.omniline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void eachWaitIsDrawnFromTheUpperHalfOfADoublingStepUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800));
        long[] steps = {100, 200, 400, 800, 800, 800};

        for (long step : steps) {
            assertThat(backoff.next().toMillis()).isBetween(step / 2, step);
        }
    }

    @Test
    void aRowsRetryWaitsTheFirstWaitThenDoublesWithEachFailureUpToTheLongest() {
        Duration first = Duration.ofSeconds(30);
        Duration longest = Duration.ofMinutes(3);

        assertThat(java.util.stream.IntStream.rangeClosed(1, 6)
                        .mapToObj(failures ->
                                Backoff.afterFailures(first, longest, failures).toSeconds())
                        .toList())
                .containsExactly(30L, 60L, 120L, 180L, 180L, 180L);
    }

    @Test
    void aResetStartsAgainFromTheShortestWait() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        for (int i = 0; i < 6; i++) {
            backoff.next();
        }

        backoff.reset();

        assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
    }

    @Test
    void waitsAreSpreadSoLoopsRetryingTogetherDoNotRetryInStep() {
        long distinct = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).next())
                .distinct()
                .count();

        assertThat(distinct).isGreaterThan(1);
    }

    @Test
    void aCapBelowTheFirstWaitIsRaisedToIt() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofMillis(100));

        for (int i = 0; i < 4; i++) {
            assertThat(backoff.next().toMillis()).isBetween(250L, 500L);
        }
    }
}

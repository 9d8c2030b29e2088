package io.omniline.telephony.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The wait announcement's talk times: one database read per queue per refresh, old figures kept on failure. */
class RecentTalkTimesTest {

    private final AtomicLong nanos = new AtomicLong();
    private final List<String> reads = new ArrayList<>();
    private final Deque<Supplier<OptionalDouble>> answers = new ArrayDeque<>();
    private final Deque<Runnable> background = new ArrayDeque<>();
    private final RecentTalkTimes talkTimes = new RecentTalkTimes(
            queue -> {
                reads.add(queue);
                return answers.pop().get();
            },
            Duration.ofSeconds(30),
            Duration.ofMinutes(10),
            background::add,
            nanos::get);

    @Test
    void callersWithinTheRefreshShareOneRead() {
        answers.add(() -> OptionalDouble.of(180));

        assertThat(talkTimes.averageTalkSeconds("support")).hasValue(180);
        later(Duration.ofSeconds(29));
        assertThat(talkTimes.averageTalkSeconds("support")).hasValue(180);

        assertThat(reads).containsExactly("support");
    }

    @Test
    void eachQueueHasItsOwnFigure() {
        answers.add(() -> OptionalDouble.of(180));
        answers.add(OptionalDouble::empty);

        assertThat(talkTimes.averageTalkSeconds("support")).hasValue(180);
        assertThat(talkTimes.averageTalkSeconds("sales")).isEmpty();

        assertThat(reads).containsExactly("support", "sales");
    }

    @Test
    void anOldFigureIsGivenOnceMoreWhileItIsReadAgain() {
        answers.add(() -> OptionalDouble.of(180));
        answers.add(() -> OptionalDouble.of(240));
        talkTimes.averageTalkSeconds("support");
        later(Duration.ofSeconds(31));

        assertThat(talkTimes.averageTalkSeconds("support")).hasValue(180);
        assertThat(talkTimes.averageTalkSeconds("support")).hasValue(180);
        readInTheBackground();

        assertThat(talkTimes.averageTalkSeconds("support")).hasValue(240);
        assertThat(reads).containsExactly("support", "support");
    }

    @Test
    void aFailedRefreshKeepsTheOldFigure() {
        answers.add(() -> OptionalDouble.of(180));
        answers.add(() -> {
            throw new IllegalStateException("the database did not answer");
        });
        talkTimes.averageTalkSeconds("support");
        later(Duration.ofSeconds(31));

        assertThat(talkTimes.averageTalkSeconds("support")).hasValue(180);
        readInTheBackground();

        assertThat(reads).containsExactly("support", "support");
        answers.add(() -> OptionalDouble.of(240));
        assertThat(talkTimes.averageTalkSeconds("support")).hasValue(180);
    }

    @Test
    void aFirstReadThatFailsReachesTheCallerSoNoWaitIsAnnounced() {
        answers.add(() -> {
            throw new IllegalStateException("the database did not answer");
        });
        answers.add(() -> OptionalDouble.of(120));

        assertThatThrownBy(() -> talkTimes.averageTalkSeconds("support")).hasMessageContaining("did not answer");
        assertThat(talkTimes.averageTalkSeconds("support")).hasValue(120);
    }

    @Test
    void aQueueNobodyCalledForLongIsReadAfresh() {
        answers.add(() -> OptionalDouble.of(180));
        answers.add(() -> OptionalDouble.of(60));
        talkTimes.averageTalkSeconds("support");
        later(Duration.ofMinutes(11));

        assertThat(talkTimes.averageTalkSeconds("support")).hasValue(60);
    }

    private void readInTheBackground() {
        while (!background.isEmpty()) {
            background.pop().run();
        }
    }

    private void later(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}

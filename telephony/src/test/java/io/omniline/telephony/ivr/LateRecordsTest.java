package io.omniline.telephony.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LateRecordsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aLateRecordBeyondTheTurnsWaitsCountedUntilOneIsStoredThenAllAreStoredInTheOrderTheyCame() throws Exception {
        LateRecords records = new LateRecords(1, registry);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch databaseAnswers = new CountDownLatch(1);
        List<String> stored = new CopyOnWriteArrayList<>();

        Thread first = Thread.ofVirtual()
                .start(() -> records.store(() -> {
                    firstStarted.countDown();
                    await(databaseAnswers);
                    stored.add("first");
                }));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Thread second = Thread.ofVirtual().start(() -> records.store(() -> stored.add("second")));
        awaitWaiting(1);
        Thread third = Thread.ofVirtual().start(() -> records.store(() -> stored.add("third")));
        awaitWaiting(2);

        assertThat(stored).as("no second record runs beside the first").isEmpty();
        databaseAnswers.countDown();
        for (Thread thread : List.of(first, second, third)) {
            thread.join(10_000);
        }
        assertThat(stored).containsExactly("first", "second", "third");
        assertThat(waiting()).isZero();
    }

    @Test
    void aRecordThatFailsGivesItsTurnBackAndItsFailureGoesToWhoeverHandedItOver() {
        LateRecords records = new LateRecords(1, registry);

        assertThatThrownBy(() -> records.store(() -> {
                    throw new IllegalStateException("the database refused it");
                }))
                .hasMessage("the database refused it");
        List<String> stored = new CopyOnWriteArrayList<>();
        records.store(() -> stored.add("next"));
        assertThat(stored).containsExactly("next");
    }

    @Test
    void aRecordInterruptedWhileWaitingItsTurnIsNotStoredAndSaysWhy() throws Exception {
        LateRecords records = new LateRecords(1, registry);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual()
                .start(() -> records.store(() -> {
                    holding.countDown();
                    await(release);
                }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<String> stored = new CopyOnWriteArrayList<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                records.store(() -> stored.add("never"));
            } catch (IllegalStateException e) {
                failures.add(e);
            }
        });
        awaitWaiting(1);

        waiter.interrupt();
        waiter.join(10_000);
        release.countDown();
        holder.join(10_000);

        assertThat(stored).isEmpty();
        assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("interrupted"));
    }

    private double waiting() {
        return registry.get("omniline_ivr_late_records_waiting").gauge().value();
    }

    private void awaitWaiting(int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiting() < count && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(waiting()).isEqualTo(count);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

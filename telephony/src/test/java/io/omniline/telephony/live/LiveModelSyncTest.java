package io.omniline.telephony.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.telephony.ami.AmiSupervisor;
import io.omniline.telephony.ami.event.AmiEventListener;
import io.omniline.telephony.ami.event.QueueMemberState;
import io.omniline.telephony.sim.AmiSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The live model against an Asterisk that restarts and reloads as the real one did (ami-11,
 * ami-12): it is never left silently incomplete.
 */
class LiveModelSyncTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LiveState live = new LiveState(Clock.systemUTC());
    private final List<Set<String>> passes = new CopyOnWriteArrayList<>();
    private final Reconciliation recording = () -> (channels, waiting) -> passes.add(channels);

    @Test
    void aLoginBeforeAsteriskHasBootedLeavesTheModelIncompleteWithTheReasonUntilFullyBooted() throws Exception {
        try (AmiSimulator asterisk = asterisk();
                Running node = start(asterisk, Duration.ofMinutes(1))) {
            await(() -> node.sync.status().complete());
            assertThat(live.queues()).extracting(QueueSnapshot::name).containsExactly("sales", "support");

            asterisk.restart(Duration.ofMillis(300));
            LiveModelStatus booting = awaitStatus(
                    node,
                    status -> asterisk.logins() == 2
                            && status.reason() != null
                            && status.reason().contains("not ready to list its queues"));

            assertThat(booting.complete()).isFalse();
            assertThat(booting.reason())
                    .as("a sentence for people; Asterisk's own reply goes to the log")
                    .isEqualTo(
                            "Asterisk is not ready to list its queues and calls yet (it may be starting); asking again")
                    .doesNotContain("Invalid/unknown command");
            assertThat(live.queues()).as("nothing stale is shown as live").isEmpty();
            assertThat(registry.get("omniline_live_model_complete").gauge().value())
                    .isZero();

            asterisk.finishBoot();
            await(() -> node.sync.status().complete());
            assertThat(live.queues()).extracting(QueueSnapshot::name).containsExactly("sales", "support");
            assertThat(registry.get("omniline_ami_resync_refused_total")
                            .counter()
                            .count())
                    .isPositive();
        }
    }

    @Test
    void withoutFullyBootedTheResyncIsTriedAgainUntilItWorks() throws Exception {
        try (AmiSimulator asterisk = asterisk();
                Running node = start(asterisk, Duration.ofMinutes(1))) {
            await(() -> node.sync.status().complete());
            asterisk.restart(Duration.ofMillis(100));
            await(() -> asterisk.logins() == 2
                    && !node.sync.status().complete()
                    && node.sync.status().reason().contains("not ready to list its queues"));

            asterisk.finishBootQuietly();

            await(() -> node.sync.status().complete());
            assertThat(live.queues()).hasSize(2);
        }
    }

    @Test
    void aReloadOfTheQueuesOrOfEverythingReadsTheQueuesAgainAndOtherReloadsDoNot() throws Exception {
        try (AmiSimulator asterisk = asterisk();
                Running node = start(asterisk, Duration.ofMinutes(1))) {
            await(() -> node.sync.status().complete());
            long before = queueStatuses(asterisk);

            asterisk.addQueue("billing", "ringall", member("billing", "PJSIP/1001"));
            asterisk.cliReload("app_queue.so");
            await(() -> live.queue("billing").isPresent());

            asterisk.addQueue("vip", "ringall");
            asterisk.coreReload();
            await(() -> live.queue("vip").isPresent());

            asterisk.cliReload("app_voicemail.so");
            asterisk.cliReload("no_such_module.so");
            Thread.sleep(300);
            assertThat(queueStatuses(asterisk)).isEqualTo(before + 2);
            assertThat(node.sync.status().complete()).isTrue();
        }
    }

    @Test
    void aLostConnectionSaysSoAndEachLoginReconcilesWithTheChannelsAsteriskHas() throws Exception {
        try (AmiSimulator asterisk = asterisk();
                Running node = start(asterisk, Duration.ofMillis(300))) {
            await(() -> node.sync.status().complete() && passes.size() >= 2);
            asterisk.close();

            await(() -> !node.sync.status().complete());
            assertThat(node.sync.status().reason()).startsWith("not connected to Asterisk");
        }
    }

    private static int queueStatuses(AmiSimulator asterisk) {
        return asterisk.received("QueueStatus");
    }

    private AmiSimulator asterisk() throws Exception {
        AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"));
        asterisk.addQueue("support", "rrmemory", member("support", "Local/agent1@agents"));
        asterisk.addQueue("sales", "leastrecent", member("sales", "Local/slow1@agents"));
        return asterisk;
    }

    private static QueueMemberState member(String queue, String memberInterface) {
        return new QueueMemberState(
                queue,
                memberInterface,
                memberInterface,
                memberInterface,
                "static",
                0,
                0,
                0,
                0,
                0,
                false,
                1,
                false,
                "",
                false,
                0);
    }

    private record Running(AmiSupervisor supervisor, LiveModelSync sync) implements AutoCloseable {
        @Override
        public void close() {
            supervisor.close();
            sync.close();
        }
    }

    private Running start(AmiSimulator asterisk, Duration reconcileEvery) {
        AmiSupervisor supervisor = new AmiSupervisor(
                new AmiSupervisor.Settings(
                        "127.0.0.1",
                        asterisk.port(),
                        "omniline",
                        "s3cret",
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        Duration.ofMillis(50),
                        Duration.ofMillis(200)),
                registry);
        LiveModelSync sync = new LiveModelSync(
                live, supervisor, recording, reconcileEvery, Duration.ofMillis(100), Duration.ofMillis(400), registry);
        supervisor.start(AmiEventListener.inOrder(live, sync), sync);
        return new Running(supervisor, sync);
    }

    private static LiveModelStatus awaitStatus(Running node, Predicate<LiveModelStatus> wanted)
            throws InterruptedException {
        LiveModelStatus status = node.sync.status();
        for (int i = 0; i < 200 && !wanted.test(status); i++) {
            Thread.sleep(50);
            status = node.sync.status();
        }
        assertThat(wanted.test(status))
                .as("status reached within 10 s: " + status)
                .isTrue();
        return status;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("reached within 10 s").isTrue();
    }
}

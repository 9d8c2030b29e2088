package io.omniline.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentLanesTest {

    @Test
    void oneAgentsFramesGoInOrderWhileAnotherAgentsGoMeanwhile() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch otherAgentDone = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        try (AgentLanes lanes = new AgentLanes()) {
            lanes.run(1, () -> {
                firstStarted.countDown();
                await(releaseFirst);
                done.add("agent 1, first");
            });
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            lanes.run(1, () -> {
                done.add("agent 1, second");
                secondDone.countDown();
            });
            lanes.run(2, () -> {
                done.add("agent 2");
                otherAgentDone.countDown();
            });

            assertThat(otherAgentDone.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(done).containsExactly("agent 2");
            releaseFirst.countDown();
            assertThat(secondDone.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(done).containsExactly("agent 2", "agent 1, first", "agent 1, second");
    }

    @Test
    void aFailedFrameDoesNotStopTheAgentsLane() throws Exception {
        CountDownLatch next = new CountDownLatch(1);
        try (AgentLanes lanes = new AgentLanes()) {
            lanes.run(1, () -> {
                throw new IllegalStateException("socket gone");
            });
            lanes.run(1, next::countDown);

            assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.omniline.telephony.agents;

import static io.omniline.db.jooq.Tables.AGENT_STATE_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.ami.event.AmiChannel;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.QueueMemberState;
import io.omniline.telephony.calls.CallWorker;
import io.omniline.telephony.live.LiveState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.Record3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent's day as AMI tells it, through the live model into the agent state log: logging in to
 * two queues, a pause with its reason (only when every queue has it paused), a call rung,
 * answered and completed, wrap-up until the desktop saves it, and logging out of the last queue.
 * Each row carries the moment the event was read, from the clock.
 */
class AgentStateFeedTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private static final String AMY = "PJSIP/1001";
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T09:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void anAgentsDayIsLoggedStateByStateWithTheTimeEachWasSeen() throws Exception {
        long amy = db.repositories()
                .agents()
                .create("amy", "Amy", AMY, Map.of(), Map.of(), "t")
                .id();
        LiveState live = new LiveState(clock);
        try (CallWorker worker = new CallWorker(
                events -> {},
                new CallWorker.Settings(1, 100, Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(200)),
                new SimpleMeterRegistry())) {
            AgentStateFeed feed = new AgentStateFeed(
                    live, worker, db.repositories().agents(), db.repositories().agentStateLog(), clock);
            java.util.function.Consumer<AmiEvent> read = event -> {
                live.onEvent(event);
                feed.onEvent(event);
            };
            read.accept(new AmiEvent.QueueMemberAdded(member("support", false, "")));
            read.accept(new AmiEvent.QueueMemberAdded(member("sales", false, "")));
            at("09:30");
            read.accept(new AmiEvent.QueueMemberPause(member("support", true, "lunch")));
            read.accept(new AmiEvent.QueueMemberPause(member("sales", true, "lunch")));
            at("10:00");
            read.accept(new AmiEvent.QueueMemberPause(member("support", false, "")));
            read.accept(new AmiEvent.QueueMemberPause(member("sales", false, "")));
            at("10:05");
            read.accept(new AmiEvent.AgentCalled(caller(), null, "support", AMY, "Amy"));
            at("10:06");
            read.accept(new AmiEvent.AgentConnect(caller(), null, "support", AMY, "Amy", 40, 1));
            at("10:10");
            read.accept(new AmiEvent.AgentComplete(caller(), null, "support", AMY, "Amy", 40, 240, "caller"));
            read.accept(new AmiEvent.QueueMemberStatus(member("support", false, "")));
            at("10:12");
            feed.wrapUpSaved(AMY);
            at("12:00");
            read.accept(new AmiEvent.QueueMemberRemoved(member("support", false, "")));
            at("12:01");
            read.accept(new AmiEvent.QueueMemberRemoved(member("sales", false, "")));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }

        List<Record3<String, String, java.time.OffsetDateTime>> log = db.dsl()
                .select(AGENT_STATE_LOG.STATE, AGENT_STATE_LOG.REASON, AGENT_STATE_LOG.AT)
                .from(AGENT_STATE_LOG)
                .where(AGENT_STATE_LOG.AGENT_ID.eq(amy))
                .orderBy(AGENT_STATE_LOG.AT, AGENT_STATE_LOG.ID)
                .fetch();
        assertThat(log)
                .extracting(row -> row.value1() + (row.value2() == null ? "" : "(" + row.value2() + ")") + " "
                        + row.value3().toLocalTime())
                .containsExactly(
                        "logged_in 09:00",
                        "available 09:00",
                        "paused(lunch) 09:30",
                        "available 10:00",
                        "ringing 10:05",
                        "on_call 10:06",
                        "wrap_up 10:10",
                        "available 10:12",
                        "logged_out 12:01");
    }

    private void at(String time) {
        now.set(Instant.parse("2026-11-24T" + time + ":00Z"));
    }

    private static QueueMemberState member(String queue, boolean paused, String reason) {
        return new QueueMemberState(
                queue, "Amy", AMY, AMY, "dynamic", 0, 0, 0, 0, 0, false, 1, paused, reason, false, 0);
    }

    private static AmiChannel caller() {
        return new AmiChannel(
                "PJSIP/trunk-00000001",
                6,
                "Up",
                "15551234567",
                "",
                "",
                "",
                "en",
                "",
                "omniline-queue",
                "s",
                1,
                "1800000001.1",
                "1800000001.1");
    }
}

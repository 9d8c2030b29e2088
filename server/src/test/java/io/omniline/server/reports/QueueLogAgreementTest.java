package io.omniline.server.reports;

import static io.omniline.db.jooq.Tables.AGENT_STATE_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.report.ReportPeriod.Grouping;
import io.omniline.db.report.ReportPeriod.Interval;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.TelephonyAmi;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.AmiSupervisor;
import io.omniline.telephony.ami.event.QueueMemberState;
import io.omniline.telephony.calls.CallWorker;
import io.omniline.telephony.capture.CapturedPacketBytes;
import io.omniline.telephony.capture.CapturedPackets;
import io.omniline.telephony.sim.AmiSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The calls of two real load runs (captures ami-13a and ami-13b: ten callers each into queue
 * {@code load}, two agents, answers, caller and agent hang-ups, abandons, AgentComplete with
 * missing blocks) go through Omniline's AMI side from the simulated Asterisk; Omniline's voice
 * figures for them are then compared with the same figures computed from the queue_log Asterisk
 * wrote in the same runs. Where the definitions differ (Omniline's service level leaves short
 * abandons out; Asterisk's queue_log knows no short abandon) the test says so with the threshold.
 */
class QueueLogAgreementTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    @Test
    void omnilinesFiguresForTheAmi13aCallsAgreeWithAsterisksQueueLog() throws Exception {
        agree("ami-13a-load-10-calls-agentcomplete-without-channel-fields.txt");
    }

    @Test
    void omnilinesFiguresForTheAmi13bCallsAgreeWithAsterisksQueueLog() throws Exception {
        agree("ami-13b-load-10-calls-agentcomplete-without-agent-fields.txt");
    }

    private void agree(String capture) throws Exception {
        AgentRepository agents = db.repositories().agents();
        long agentOne = agents.create("agent1", "Agent One", "Local/agent1@agents", Map.of(), Map.of("load", 0), "t")
                .id();
        agents.create("agent2", "Agent Two", "Local/agent2@agents", Map.of(), Map.of("load", 0), "t");
        List<byte[]> stream = CapturedPacketBytes.fromAsterisk(capture);
        List<AmiPacket> packets = CapturedPackets.fromAsterisk(capture);
        Set<String> callers = new LinkedHashSet<>();
        packets.stream()
                .filter(packet ->
                        packet.get("Event").filter("QueueCallerJoin"::equals).isPresent())
                .forEach(packet -> callers.add(packet.get("Uniqueid").orElseThrow()));
        assertThat(packets).hasSameSizeAs(stream);
        assertThat(callers).hasSize(10);
        InteractionRepository interactions = db.repositories().interactions();

        Instant before = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"))) {
            asterisk.addQueue(
                    "load",
                    "rrmemory",
                    member("Local/agent1@agents", "Agent One"),
                    member("Local/agent2@agents", "Agent Two"));
            try (TelephonyAmi ami = TelephonyAmi.start(
                    new TelephonyAmi.Settings(
                            new AmiSupervisor.Settings(
                                    "127.0.0.1",
                                    asterisk.port(),
                                    "omniline",
                                    "s3cret",
                                    Duration.ofSeconds(3),
                                    Duration.ofSeconds(1),
                                    Duration.ofMillis(100),
                                    Duration.ofMillis(200)),
                            Duration.ofMinutes(5),
                            new CallWorker.Settings(
                                    2, 10_000, Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(500)),
                            Duration.ofSeconds(5)),
                    interactions,
                    agents,
                    db.repositories().agentStateLog(),
                    event -> {},
                    Clock.systemUTC(),
                    new SimpleMeterRegistry())) {
                await(() -> ami.isConnected() && ami.status().complete());
                for (int i = 0; i < stream.size(); i++) {
                    if (packets.get(i)
                            .get("Event")
                            .filter("QueueCallerJoin"::equals)
                            .isPresent()) {
                        // The IVR opens each call before it reaches the queue (these runs had no IVR step).
                        String caller = packets.get(i).get("Uniqueid").orElseThrow();
                        interactions.open(NewInteraction.inboundCall(caller, caller, null, null));
                    }
                    asterisk.emit(stream.get(i));
                }
                await(() -> callers.stream()
                        .allMatch(caller -> interactions
                                        .findByExternalId(io.omniline.db.interaction.Channel.voice, caller)
                                        .orElseThrow()
                                        .state()
                                        .compareTo(InteractionState.wrap_up)
                                >= 0));
                assertThat(ami.awaitCallWork(Duration.ofSeconds(20))).isTrue();
            }
        }

        QueueLog queueLog = QueueLog.load("queue_log-capture-variant-2.txt", callers);
        // Asterisk has no short abandons: with the threshold at 0 every abandon is one on both sides.
        Report report = new ReportService(
                        db.repositories().reports(),
                        agents,
                        new ReportSettings(ZoneOffset.UTC, 0, 20, 7),
                        Clock.systemUTC())
                .run(new ReportRequest(
                        before.minus(1, ChronoUnit.DAYS),
                        before.plus(1, ChronoUnit.DAYS),
                        Interval.MONTH,
                        Grouping.QUEUE,
                        List.of(Measure.values())));
        Map<String, Double> load = report.rows().stream()
                .filter(row -> row.key().equals("load"))
                .reduce((a, b) -> {
                    throw new AssertionError("the calls fell into two months");
                })
                .orElseThrow()
                .values();

        assertThat(load.get("offered")).isEqualTo(queueLog.offered());
        assertThat(load.get("answered")).isEqualTo(queueLog.answered());
        assertThat(load.get("abandoned-in-queue")).isEqualTo(queueLog.abandoned());
        assertThat(load.get("average-speed-of-answer")).isCloseTo(queueLog.averageSpeedOfAnswer(), within(1e-9));
        assertThat(load.get("average-wait")).isCloseTo(queueLog.averageWait(), within(1e-9));
        assertThat(load.get("service-level")).isCloseTo(queueLog.serviceLevel(20), within(1e-9));
        // Handle time = talk + after-call work; with no wrap-up saved yet, the talk alone is Asterisk's calltime.
        assertThat(load.get("average-handle-time")).isCloseTo(queueLog.averageTalk(), within(1e-9));

        // Where the definitions part: with a 5 s short-abandon threshold Omniline lists quick hang-ups apart
        // and leaves them out of the service level; a queue_log report counts them as abandons.
        Report withShortAbandons = new ReportService(
                        db.repositories().reports(),
                        agents,
                        new ReportSettings(ZoneOffset.UTC, 5, 20, 7),
                        Clock.systemUTC())
                .run(new ReportRequest(
                        before.minus(1, ChronoUnit.DAYS),
                        before.plus(1, ChronoUnit.DAYS),
                        Interval.MONTH,
                        Grouping.QUEUE,
                        List.of(Measure.SHORT_ABANDONS, Measure.ABANDONED_IN_QUEUE)));
        Map<String, Double> split = withShortAbandons.rows().stream()
                .filter(row -> row.key().equals("load"))
                .findFirst()
                .orElseThrow()
                .values();
        assertThat(split.get("short-abandons")).isEqualTo(queueLog.abandonedSoonerThan(5));
        assertThat(split.get("short-abandons") + split.get("abandoned-in-queue"))
                .isEqualTo(queueLog.abandoned());

        // The agent state log followed Agent One through the run: logged in, then rings, calls and wrap-ups.
        List<String> states = db.dsl()
                .select(AGENT_STATE_LOG.STATE)
                .from(AGENT_STATE_LOG)
                .where(AGENT_STATE_LOG.AGENT_ID.eq(agentOne))
                .orderBy(AGENT_STATE_LOG.AT, AGENT_STATE_LOG.ID)
                .fetch(AGENT_STATE_LOG.STATE);
        assertThat(states).startsWith("logged_in", "available").contains("ringing", "on_call", "wrap_up");
        long connects = queueLog.lines().stream()
                .filter(line -> line.event().equals("CONNECT") && line.agent().equals("Agent One"))
                .count();
        assertThat(states.stream().filter("on_call"::equals).count()).isEqualTo(connects);
    }

    private static QueueMemberState member(String memberInterface, String name) {
        return new QueueMemberState(
                "load", name, memberInterface, memberInterface, "static", 0, 0, 0, 0, 0, false, 1, false, "", false, 0);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}

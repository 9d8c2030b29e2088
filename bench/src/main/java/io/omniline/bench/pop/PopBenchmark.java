package io.omniline.bench.pop;

import io.omniline.bench.Figure;
import io.omniline.db.Database;
import io.omniline.db.account.AccountRepository;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.jooq.enums.AccountRole;
import io.omniline.server.Omniline;
import io.omniline.server.auth.PasswordHasher;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.ScriptedCalls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * The screen pop measured where the agent sees it: a node follows the Asterisk simulator over
 * AMI while {@code live} calls wait in queue, and one agent takes call after call from random
 * customers of the (seeded) database. Two figures per call: AgentConnect written by "Asterisk"
 * → {@code call-connected} frame at the agent's WebSocket (DESIGN's figure), and AgentCalled →
 * {@code pop} frame (the pop with the customer's context, IVR path and wait, read at ring).
 */
public final class PopBenchmark {

    private static final String LOGIN = "bench-pop-agent";
    private static final String PASSWORD = "bench-pop-password";
    private static final String INTERFACE = "PJSIP/bench-pop";

    private final OmnilineConfig base;
    private final Database database;
    private final DSLContext dsl;

    public PopBenchmark(OmnilineConfig base, Database database) {
        this.base = base;
        this.database = database;
        this.dsl = database.dsl();
    }

    public record Result(int liveCalls, long customers, Figure connected, Figure popped) {
    }

    public Result run(int liveCalls, int samples, int warmUp) throws Exception {
        Record2<Long, Long> range = dsl.select(DSL.min(DSL.field("id", Long.class)), DSL.max(DSL.field("id", Long.class)))
                .from("customer").fetchSingle();
        if (range.value1() == null) {
            throw new IllegalStateException("no customers: seed the database first (./omniline seed)");
        }
        long customers = dsl.fetchCount(DSL.table("customer"));
        agent();
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
             Omniline node = Omniline.start(NodeConfig.following(base, database.pool(), asterisk.port()))) {
            awaitAmiLogin(asterisk);
            InteractionRepository interactions = new InteractionRepository(dsl);
            String run = Long.toString(System.currentTimeMillis() % 100_000_000L);
            for (int i = 0; i < liveCalls; i++) {
                String uniqueId = run + "1" + i + ".1";
                interactions.open(NewInteraction.inboundCall(uniqueId, uniqueId, randomCustomer(range), "+15550100000"));
                List<byte[]> call = ScriptedCalls.answered(uniqueId, "support", "PJSIP/waiting-" + (i % 50), i);
                call.subList(0, index(call, "Event: AgentCalled")).forEach(asterisk::emit);
            }
            Histogram connected = new Histogram(3);
            Histogram popped = new Histogram(3);
            try (AgentDesktop desktop = AgentDesktop.signIn(node.httpPort(), LOGIN, PASSWORD)) {
                for (int i = 0; i < warmUp + samples; i++) {
                    String uniqueId = run + "2" + i + ".1";
                    long id = interactions.open(NewInteraction.inboundCall(uniqueId, uniqueId, randomCustomer(range),
                            "+15550100000")).id();
                    List<byte[]> call = ScriptedCalls.answered(uniqueId, "support", INTERFACE, liveCalls + i);
                    int ring = index(call, "Event: AgentCalled");
                    int connect = index(call, "Event: AgentConnect");
                    call.subList(0, ring).forEach(asterisk::emit);
                    long ringAt = System.nanoTime();
                    asterisk.emit(call.get(ring));
                    long popAt = desktop.next("pop", id).arrivedNanos();
                    call.subList(ring + 1, connect).forEach(asterisk::emit);
                    long connectAt = System.nanoTime();
                    asterisk.emit(call.get(connect));
                    long connectedAt = desktop.next("call-connected", id).arrivedNanos();
                    call.subList(connect + 1, call.size()).forEach(asterisk::emit);
                    desktop.next("call-ended", id);
                    if (i >= warmUp) {
                        popped.recordValue(popAt - ringAt);
                        connected.recordValue(connectedAt - connectAt);
                    }
                }
            }
            return new Result(liveCalls, customers,
                    Figure.of("pop: AgentConnect in -> frame out", connected, "p99 < 20 ms"),
                    Figure.of("pop: AgentCalled in -> pop frame out", popped, "(no target)"));
        }
    }

    /** The benchmark's agent and account, made once per database. */
    private void agent() {
        if (new AccountRepository(dsl).credentials(LOGIN).isPresent()) {
            return;
        }
        long id = new AgentRepository(dsl).create(LOGIN, "Benchmark Agent", INTERFACE, Map.of(), Map.of("support", 0), "bench").id();
        new AccountRepository(dsl).create(LOGIN, new PasswordHasher(4).hash(PASSWORD), AccountRole.agent, id, "bench");
    }

    private static long randomCustomer(Record2<Long, Long> range) {
        return ThreadLocalRandom.current().nextLong(range.value1(), range.value2() + 1);
    }

    private static int index(List<byte[]> call, String marker) {
        for (int i = 0; i < call.size(); i++) {
            if (new String(call.get(i), StandardCharsets.US_ASCII).contains(marker)) {
                return i;
            }
        }
        throw new IllegalStateException(marker + " is not in the captured call");
    }

    private static void awaitAmiLogin(AmiSimulator asterisk) throws InterruptedException {
        for (int i = 0; i < 200 && asterisk.logins() == 0; i++) {
            Thread.sleep(50);
        }
        if (asterisk.logins() == 0) {
            throw new IllegalStateException("the node did not log in to the simulated Asterisk");
        }
        // The node asks for QueueStatus right after login; let that settle before the calls start.
        Thread.sleep(500);
    }
}

package io.omniline.bench.pop;

import io.omniline.bench.Figure;
import io.omniline.bench.mainflow.CallerMix;
import io.omniline.bench.mainflow.MainFlowBenchmark;
import io.omniline.bench.mainflow.PlacedCall;
import io.omniline.bench.node.BenchNode;
import io.omniline.db.bench.BenchQueries;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.ScriptedCalls;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The screen pop where agents see it, on the node: {@code agents} agents signed in (accounts made
 * through the admin API, each with the desktop's WebSocket open), {@code callers} callers (customers
 * of the database, found by their phone) run through the main flow over FastAGI and then waiting
 * in their queues over AMI. Then the queue rings them out, {@code parallel} calls at a time, each
 * to {@code ring} free agents at once (ringall): an AgentCalled per agent, then the first agent's
 * AgentConnect, AgentComplete and hang-up, from the captured call (ami-04). Timed from the event
 * written by "Asterisk" to the frame read at the agent's socket: AgentCalled → {@code pop} at
 * every agent rung, AgentConnect → {@code call-connected} at the one who answers.
 */
public final class PopBenchmark {

    private static final String AGENT_PREFIX = "bench-agent";
    private static final Map<String, Integer> QUEUES = Map.of("support", 0, "sales", 0, "billing", 0);
    private static final int CLIENTS = 8;

    private final BenchNode node;

    public PopBenchmark(BenchNode node) {
        this.node = node;
    }

    public record Settings(int agents, int callers, int ring, int parallel) {}

    /**
     * @param calls callers who reached a queue through the main flow (and were rung)
     * @param popsMissing pops (of {@code popsExpected}) that did not reach their agent's socket in time
     * @param connectsMissing call-connected frames that did not
     */
    public record Result(
            Settings settings,
            int calls,
            long customers,
            long messages,
            Figure popped,
            Figure connected,
            long popsExpected,
            long popsMissing,
            long connectsMissing) {}

    public Result run(Settings settings) throws Exception {
        Map<String, Long> agents = node.agents(AGENT_PREFIX, settings.agents(), QUEUES);
        List<HttpClient> clients = new ArrayList<>();
        List<Desk> desks = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(HttpClient.newHttpClient());
            }
            for (String sipInterface : agents.keySet()) {
                String login = sipInterface.substring(sipInterface.indexOf('/') + 1);
                desks.add(new Desk(
                        sipInterface,
                        AgentDesktop.signIn(
                                clients.get(desks.size() % CLIENTS),
                                node.httpPort(),
                                login,
                                BenchNode.AGENT_PASSWORD)));
            }
            List<PlacedCall> calls = waitingCalls(settings.callers());
            return ring(settings, calls, desks);
        } finally {
            desks.forEach(desk -> desk.desktop().close());
            clients.forEach(HttpClient::close);
        }
    }

    /** Callers through the main flow, then into their queues on AMI (up to QueueCallerJoin). */
    private List<PlacedCall> waitingCalls(int callers) throws InterruptedException {
        BenchQueries customers = node.repositories().bench();
        List<PlacedCall> calls = new MainFlowBenchmark(node)
                .queuedCalls(new CallerMix(customers.phones(false, callers), List.of(), Duration.ZERO, 11)
                        .quickCustomers(callers));
        ByteArrayOutputStream joins = new ByteArrayOutputStream();
        for (PlacedCall call : calls) {
            List<byte[]> script = script(call, "PJSIP/nobody-yet");
            script.subList(0, index(script, "QueueCallerJoin") + 1).forEach(joins::writeBytes);
        }
        node.peers().asterisk().emit(joins.toByteArray());
        return calls;
    }

    private Result ring(Settings settings, List<PlacedCall> calls, List<Desk> desks) throws InterruptedException {
        BlockingQueue<Desk> free = new LinkedBlockingQueue<>(shuffled(desks));
        Recorder popped = new Recorder(3);
        Recorder connected = new Recorder(3);
        LongAdder popsMissing = new LongAdder();
        LongAdder connectsMissing = new LongAdder();
        AmiSimulator asterisk = node.peers().asterisk();
        int ring = Math.min(settings.ring(), desks.size());
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService lines = Executors.newFixedThreadPool(
                Math.max(1, Math.min(settings.parallel(), desks.size() / ring)),
                Thread.ofVirtual().name("pop-call-", 0).factory())) {
            for (PlacedCall call : calls) {
                done.add(lines.submit(() -> {
                    List<Desk> rung = new ArrayList<>();
                    for (int i = 0; i < ring; i++) {
                        rung.add(free.take());
                    }
                    try {
                        List<byte[]> script = script(call, rung.getFirst().sipInterface());
                        int agentCalled = index(script, "AgentCalled");
                        int agentConnect = index(script, "AgentConnect");
                        script.subList(index(script, "QueueCallerJoin") + 1, agentCalled)
                                .forEach(asterisk::emit);
                        long[] sentAt = new long[ring];
                        for (int i = 0; i < ring; i++) {
                            byte[] packet = i == 0
                                    ? script.get(agentCalled)
                                    : script(call, rung.get(i).sipInterface()).get(agentCalled);
                            sentAt[i] = System.nanoTime();
                            asterisk.emit(packet);
                        }
                        for (int i = 0; i < ring; i++) {
                            record(
                                    rung.get(i).desktop().next("pop", call.interactionId(), AgentDesktop.WAIT),
                                    sentAt[i],
                                    popped,
                                    popsMissing);
                        }
                        script.subList(agentCalled + 1, agentConnect).forEach(asterisk::emit);
                        long connectAt = System.nanoTime();
                        asterisk.emit(script.get(agentConnect));
                        record(
                                rung.getFirst()
                                        .desktop()
                                        .next("call-connected", call.interactionId(), AgentDesktop.WAIT),
                                connectAt,
                                connected,
                                connectsMissing);
                        script.subList(agentConnect + 1, script.size()).forEach(asterisk::emit);
                        rung.getFirst().desktop().next("call-ended", call.interactionId(), AgentDesktop.WAIT);
                    } finally {
                        free.addAll(rung);
                    }
                    return null;
                }));
            }
        }
        for (Future<?> call : done) {
            try {
                call.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a rung call failed", e.getCause());
            }
        }
        return new Result(
                settings,
                calls.size(),
                count("customer"),
                count("message"),
                Figure.of("pop: AgentCalled in -> pop frame out", popped.getIntervalHistogram(), "p99 < 20 ms"),
                Figure.of("pop: AgentConnect in -> frame out", connected.getIntervalHistogram(), ""),
                (long) calls.size() * ring,
                popsMissing.sum(),
                connectsMissing.sum());
    }

    private static void record(Optional<AgentDesktop.Frame> frame, long sentAt, Recorder latency, LongAdder missing) {
        frame.ifPresentOrElse(
                arrived -> latency.recordValue(Math.max(0, arrived.arrivedNanos() - sentAt)), missing::increment);
    }

    private static List<byte[]> script(PlacedCall call, String agentInterface) {
        return ScriptedCalls.answered(
                call.caller().uniqueId(),
                call.queue(),
                agentInterface,
                call.caller().number());
    }

    private static int index(List<byte[]> script, String event) {
        String marker = "Event: " + event + "\r\n";
        for (int i = 0; i < script.size(); i++) {
            if (new String(script.get(i), StandardCharsets.US_ASCII).startsWith(marker)) {
                return i;
            }
        }
        throw new IllegalStateException(event + " is not in the captured call");
    }

    private static List<Desk> shuffled(List<Desk> desks) {
        List<Desk> copy = new ArrayList<>(desks);
        Collections.shuffle(copy);
        return copy;
    }

    /** Rows in a table, as PostgreSQL's statistics estimate them (a count of 10M rows takes seconds). */
    private long count(String table) {
        return node.repositories().bench().estimatedRows(table);
    }

    private record Desk(String sipInterface, AgentDesktop desktop) {}
}

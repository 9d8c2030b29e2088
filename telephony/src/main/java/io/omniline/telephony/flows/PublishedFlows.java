package io.omniline.telephony.flows;

import io.omniline.db.flow.DialledNumbers;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.flow.FlowVersion;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.ParsedFlow;
import io.omniline.ivr.run.FlowResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The flows calls run: the published version a dialled number or a flow name leads to now. A
 * call keeps the {@link Flow} it started with, so calls already inside a flow finish on their
 * version. Parsed versions are kept forever: a published version never changes.
 *
 * <p>Which version a number or name leads to is remembered, not read on every call: thousands
 * of calls a second asking the database the same question starved the pool the callers share.
 * A publish, rollback or route change notifies every node ({@link FlowRepository#CHANGES}),
 * which calls {@link #forget()}, so the next call reads the new version. A notification sent
 * while a node's listener was reconnecting is lost, so an answer older than {@code recheck} is
 * read again: one call re-reads it while the others go on with the answer they had, so a slow
 * database never holds the callers up on this; calls that find no answer yet wait for one read
 * together. With a {@code recheck} of zero every call reads.
 */
public final class PublishedFlows implements FlowResolver {

    private final FlowRepository flows;
    private final DialledNumbers numbers;
    private final Duration recheck;
    private final Clock clock;
    private final FlowParser parser = new FlowParser();
    private final Map<VersionKey, Flow> parsed = new ConcurrentHashMap<>();
    private final Map<String, Answer> byNumber = new ConcurrentHashMap<>();
    private final Map<String, Answer> byName = new ConcurrentHashMap<>();
    /** Moved on by every {@link #forget()}, so an answer read before it is not kept after it. */
    private final AtomicLong generation = new AtomicLong();

    /** Reads the database on every call and looks numbers up as Asterisk gives them. */
    public PublishedFlows(FlowRepository flows) {
        this(flows, null, Duration.ZERO, Clock.systemUTC());
    }

    /** Reads the database on every call. */
    public PublishedFlows(FlowRepository flows, DialledNumbers numbers) {
        this(flows, numbers, Duration.ZERO, Clock.systemUTC());
    }

    /** Looks numbers up as Asterisk gives them. */
    public PublishedFlows(FlowRepository flows, Duration recheck, Clock clock) {
        this(flows, null, recheck, clock);
    }

    /**
     * @param numbers the form routes are stored under; a dialled number is looked up in it first
     *     (null: numbers are looked up as Asterisk gives them, for routes stored exactly that way)
     * @param recheck how long an answer is trusted without a notification
     */
    public PublishedFlows(FlowRepository flows, DialledNumbers numbers, Duration recheck, Clock clock) {
        this.flows = flows;
        this.numbers = numbers;
        this.recheck = recheck;
        this.clock = clock;
    }

    /**
     * The flow that answers a dialled number, with the version it came from: the route under the
     * number's normal form, else one stored exactly as dialled (routes made before numbers were
     * normalised). A call without a dialled number has no route.
     */
    public Optional<LiveFlow> forNumber(String dialled) {
        if (dialled == null) {
            return Optional.empty();
        }
        return answer(byNumber, dialled, () -> route(dialled).map(this::live));
    }

    private Optional<FlowVersion> route(String dialled) {
        String key = numbers == null ? dialled : numbers.lookupKey(dialled);
        Optional<FlowVersion> version = flows.publishedForNumber(key);
        if (version.isEmpty() && !Objects.equals(key, dialled)) {
            version = flows.publishedForNumber(dialled);
        }
        return version;
    }

    public Optional<LiveFlow> forName(String name) {
        return answer(
                byName,
                name,
                () -> flows.findByName(name)
                        .flatMap(draft -> flows.published(draft.id()))
                        .map(this::live));
    }

    @Override
    public Optional<Flow> flow(String name) {
        return forName(name).map(LiveFlow::flow);
    }

    /** A flow was published, rolled back or routed somewhere: every answer is read again. */
    public void forget() {
        generation.incrementAndGet();
        byNumber.clear();
        byName.clear();
    }

    private Optional<LiveFlow> answer(Map<String, Answer> answers, String key, Supplier<Optional<LiveFlow>> read) {
        if (recheck.isZero()) {
            return read.get();
        }
        Instant now = clock.instant();
        Answer known = answers.get(key);
        if (known == null) {
            Answer first = new Answer(new CompletableFuture<>(), now);
            known = answers.putIfAbsent(key, first);
            if (known == null) {
                return read(answers, key, read, first, null);
            }
        }
        if (!known.flow().isDone()
                || now.isBefore(known.readAt().plus(recheck))
                || !known.rereading().compareAndSet(false, true)) {
            return known.value();
        }
        try {
            return read(answers, key, read, new Answer(new CompletableFuture<>(), now), known);
        } finally {
            known.rereading().set(false);
        }
    }

    /**
     * Reads an answer into {@code fresh} (which callers asking meanwhile wait on, so thousands of
     * calls arriving at once cause one read) and keeps it, unless a change was heard meanwhile.
     */
    private Optional<LiveFlow> read(
            Map<String, Answer> answers, String key, Supplier<Optional<LiveFlow>> read, Answer fresh, Answer replaced) {
        long before = generation.get();
        Optional<LiveFlow> flow;
        try {
            flow = read.get();
        } catch (RuntimeException e) {
            answers.remove(key, fresh);
            fresh.flow().completeExceptionally(e);
            throw e;
        }
        fresh.flow().complete(flow);
        if (replaced != null) {
            answers.replace(key, replaced, fresh);
        }
        if (generation.get() != before) {
            answers.remove(key, fresh);
        }
        return flow;
    }

    private LiveFlow live(FlowVersion version) {
        Flow flow = parsed.computeIfAbsent(new VersionKey(version.flowId(), version.version()), key -> parse(version));
        return new LiveFlow(version.flowId(), version.flowName(), version.version(), flow);
    }

    private Flow parse(FlowVersion version) {
        ParsedFlow result = parser.parse(version.definition());
        if (result.flow() == null || !result.problems().isEmpty()) {
            throw new IllegalStateException("published version " + version.version() + " of flow " + version.flowName()
                    + " does not parse: " + result.problems());
        }
        return result.flow();
    }

    /** A published flow version as calls run it. */
    public record LiveFlow(long flowId, String name, int version, Flow flow) {}

    private record VersionKey(long flowId, int version) {}

    /**
     * What a number or name led to when it was read (or will, while the first read runs);
     * {@code rereading} lets one caller read it again.
     */
    private record Answer(CompletableFuture<Optional<LiveFlow>> flow, Instant readAt, AtomicBoolean rereading) {

        Answer(CompletableFuture<Optional<LiveFlow>> flow, Instant readAt) {
            this(flow, readAt, new AtomicBoolean());
        }

        /** The answer, waiting for the read that makes it; that read's failure is this caller's too. */
        Optional<LiveFlow> value() {
            try {
                return flow.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
        }
    }
}

package io.omniline.bench;

import io.omniline.db.Repositories;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.Identity;
import io.omniline.db.pop.PopContextQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The two hot reads behind a screen pop, timed one after another from a single client over the
 * connection pool, at whatever size the database has been seeded to: identity lookup alone, and
 * identity plus the whole pop context (customer, identities, 10 recent interactions, last chat).
 *
 * <p>Each figure is measured twice over the same random identities: on first touch, when their
 * pages may still be outside PostgreSQL's buffers (a caller not seen for a while), and warm (the
 * steady state of a working set that fits in memory). A separate set of identities warms the JIT
 * first, so neither pass measures compilation.
 */
public final class QueryBenchmark {

    private static final int RECENT_INTERACTIONS = 10;

    private final Repositories repositories;

    public QueryBenchmark(Repositories repositories) {
        this.repositories = repositories;
    }

    public List<Figure> run(int samples) {
        List<Identity> identities = repositories.bench().identities(3 * samples);
        if (identities.isEmpty()) {
            throw new IllegalStateException("the database has no customer identities: run ./omniline seed first");
        }
        List<Identity> jitWarmUp = slice(identities, 0, samples);
        List<Identity> forLookups = slice(identities, 1, samples);
        List<Identity> forPops = slice(identities, 2, samples);
        CustomerRepository customers = repositories.customers();
        PopContextQuery pops = repositories.popContexts(RECENT_INTERACTIONS);
        Consumer<Identity> lookup =
                identity -> customers.findByIdentity(identity).orElseThrow();
        Consumer<Identity> pop = identity -> pops.forIdentity(identity).orElseThrow();

        measure(jitWarmUp, lookup);
        measure(jitWarmUp, pop);
        return List.of(
                Figure.of("identity lookup, first touch", measure(forLookups, lookup), "p99 < 2 ms"),
                Figure.of("identity lookup, warm", measure(forLookups, lookup), "p99 < 2 ms"),
                Figure.of("pop context, first touch", measure(forPops, pop), "p99 < 2 ms"),
                Figure.of("pop context, warm", measure(forPops, pop), "p99 < 2 ms"));
    }

    /** The n-th of three equal parts; with fewer identities than asked for, parts overlap. */
    private static List<Identity> slice(List<Identity> identities, int part, int size) {
        List<Identity> slice = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            slice.add(identities.get((part * size + i) % identities.size()));
        }
        return slice;
    }

    private static Histogram measure(List<Identity> identities, Consumer<Identity> query) {
        Histogram nanos = new Histogram(3);
        for (Identity identity : identities) {
            long start = System.nanoTime();
            query.accept(identity);
            nanos.recordValue(System.nanoTime() - start);
        }
        return nanos;
    }
}

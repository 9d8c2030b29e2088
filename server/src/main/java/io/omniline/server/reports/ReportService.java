package io.omniline.server.reports;

import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.report.ContactFigure;
import io.omniline.db.report.ReportPeriod;
import io.omniline.db.report.ReportRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Computes reports: the figures come from the database in two queries run side by side (contacts, agent states),
 * each measure is its formula over the figures of a row, and every figure can be opened into the
 * contacts behind it.
 */
public final class ReportService {

    /** A report over more than this many intervals is refused: nobody reads it, and it costs the database. */
    static final int MAX_INTERVALS = 3_000;

    static final int MAX_DRILL = 500;

    /**
     * Report queries running at once on this node, every request's together: a quarter of the
     * default pool (20 connections), so a few supervisors' reports, each running its queries side
     * by side, never hold the connections the calls' work needs.
     */
    static final int QUERIES_AT_ONCE = 5;

    private final Semaphore running = new Semaphore(QUERIES_AT_ONCE, true);

    private final ReportRepository figures;
    private final AgentRepository agents;
    private final ReportSettings settings;
    private final Clock clock;

    public ReportService(ReportRepository figures, AgentRepository agents, ReportSettings settings, Clock clock) {
        this.figures = figures;
        this.agents = agents;
        this.settings = settings;
        this.clock = clock;
    }

    public ReportSettings settings() {
        return settings;
    }

    /**
     * The report asked for. Its queries (each period's contact figures and agent-state seconds,
     * the previous period's beside this one's) run at the same time, each on a connection of its
     * own: a compared report by agent is four queries, and waiting for them one after another
     * doubled its time.
     */
    public Report run(ReportRequest request) {
        ReportPeriod asked = period(request, request.from(), request.to());
        PreviousPeriod previous = request.comparePrevious()
                ? PreviousPeriod.of(request.from(), request.to(), request.interval(), settings.zone())
                : null;
        ReportPeriod earlier = previous == null ? null : period(request, previous.from(), previous.to());
        Map<List<Object>, Map<String, Double>> current;
        Map<List<Object>, Map<String, Double>> before;
        try (ExecutorService queries = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Map<List<Object>, Map<String, Double>>> thisPeriod =
                    queries.submit(() -> measured(request, asked, queries));
            before = earlier == null ? Map.of() : measured(request, earlier, queries);
            current = join(thisPeriod);
        }
        for (List<Object> key : before.keySet()) {
            List<Object> now = List.of(previous.currentOf((LocalDateTime) key.get(0), request.interval()), key.get(1));
            current.computeIfAbsent(now, k -> nothing(request, (String) k.get(1)));
        }
        Map<String, String> agentNames = request.grouping() == ReportPeriod.Grouping.AGENT
                ? agents.list().stream().collect(Collectors.toMap(a -> String.valueOf(a.id()), Agent::displayName))
                : Map.of();
        List<Report.Row> rows = new ArrayList<>();
        current.forEach((key, values) -> {
            LocalDateTime interval = (LocalDateTime) key.get(0);
            String group = (String) key.get(1);
            String label = label(request.grouping(), group, agentNames);
            if (previous == null) {
                rows.add(new Report.Row(interval, group, label, values, null, null, null));
                return;
            }
            LocalDateTime previousInterval = previous.previousOf(interval, request.interval());
            Map<String, Double> then = before.get(List.of(previousInterval, group));
            if (then == null) {
                then = nothing(request, group);
            }
            Map<String, Double> change = new LinkedHashMap<>();
            for (Measure measure : request.measures()) {
                Double value = values.get(measure.key());
                Double was = then.get(measure.key());
                change.put(measure.key(), value == null || was == null ? null : value - was);
            }
            rows.add(new Report.Row(interval, group, label, values, previousInterval, then, change));
        });
        List<Report.Column> columns = request.measures().stream()
                .map(m -> new Report.Column(m.key(), m.label(), m.unit(), m.formula()))
                .toList();
        return new Report(
                settings.zone().getId(),
                request.from(),
                request.to(),
                request.interval(),
                request.grouping(),
                previous == null ? null : new Report.Period(previous.from(), previous.to()),
                columns,
                rows,
                notes(request, previous));
    }

    /** Each row's measures over one period, by (interval, group), in order. */
    private Map<List<Object>, Map<String, Double>> measured(
            ReportRequest request, ReportPeriod period, ExecutorService queries) {
        boolean agentMeasures = request.measures().stream().anyMatch(m -> m.scope() == Measure.Scope.AGENTS);
        Future<List<ReportRepository.StateRow>> stateRows = agentMeasures && statesApply(request)
                ? queries.submit(() -> limited(() -> figures.stateSeconds(period)))
                : CompletableFuture.completedFuture(List.of());
        Map<List<Object>, Map<ContactFigure, Double>> contacts = new TreeMap<>(ReportService::compareKeys);
        Set<ContactFigure> wanted = EnumSet.noneOf(ContactFigure.class);
        request.measures().forEach(measure -> wanted.addAll(measure.figures()));
        for (ReportRepository.ContactRow row : limited(() -> figures.contactFigures(period, wanted))) {
            contacts.put(List.of(row.interval(), row.key()), row.figures());
        }
        Map<List<Object>, Map<String, Double>> states = new TreeMap<>(ReportService::compareKeys);
        if (agentMeasures && statesApply(request)) {
            for (ReportRepository.StateRow row : join(stateRows)) {
                states.put(List.of(row.interval(), row.key()), row.secondsByState());
                contacts.putIfAbsent(List.of(row.interval(), row.key()), zeros());
            }
        }
        Map<List<Object>, Map<String, Double>> measured = new TreeMap<>(ReportService::compareKeys);
        contacts.forEach((key, values) -> {
            Map<String, Double> state =
                    states.getOrDefault(key, anAgentsRow(request, (String) key.get(1)) ? Map.of() : null);
            measured.put(key, values(request, values, state));
        });
        return measured;
    }

    /** The measures of a row with no contacts and no agent activity. */
    private static Map<String, Double> nothing(ReportRequest request, String group) {
        return values(request, zeros(), anAgentsRow(request, group) ? Map.of() : null);
    }

    private static Map<String, Double> values(
            ReportRequest request, Map<ContactFigure, Double> contacts, Map<String, Double> states) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Measure measure : request.measures()) {
            out.put(measure.key(), measure.value(contacts, states));
        }
        return out;
    }

    private static boolean statesApply(ReportRequest request) {
        return request.grouping() == ReportPeriod.Grouping.AGENT || request.grouping() == ReportPeriod.Grouping.NONE;
    }

    private static boolean anAgentsRow(ReportRequest request, String group) {
        return statesApply(request) && !(request.grouping() == ReportPeriod.Grouping.AGENT && group.isEmpty());
    }

    /** The contacts behind a measure in one row of a report. */
    public List<ReportRepository.Contact> contacts(
            ReportRequest request, Measure measure, LocalDateTime interval, String key) {
        ReportPeriod period = period(request, request.from(), request.to());
        return limited(() -> figures.contacts(period, measure.drill(), interval, key, MAX_DRILL));
    }

    private ReportPeriod period(ReportRequest request, Instant from, Instant to) {
        ReportPeriod period = new ReportPeriod(
                from,
                to,
                clock.instant(),
                settings.zone(),
                request.interval(),
                request.grouping(),
                settings.shortAbandonSeconds(),
                settings.serviceLevelSeconds(),
                settings.fcrDays());
        long smallest = switch (request.interval()) {
            case QUARTER_HOUR -> Duration.ofMinutes(15).toSeconds();
            case HOUR -> 3_600;
            case DAY -> 86_400;
            case WEEK -> 7 * 86_400;
            case MONTH -> 28 * 86_400;
            case WHOLE -> Long.MAX_VALUE;
        };
        if (Duration.between(from, to).toSeconds() / smallest > MAX_INTERVALS) {
            throw new IllegalArgumentException("that period has more than " + MAX_INTERVALS
                    + " intervals; pick a longer interval or a shorter period");
        }
        return period;
    }

    private List<String> notes(ReportRequest request, PreviousPeriod previous) {
        List<String> notes = new ArrayList<>();
        notes.add("Intervals are in " + settings.zone().getId() + "; a contact counts in the interval it started in.");
        notes.add("Short-abandon threshold " + settings.shortAbandonSeconds() + " s, service-level threshold "
                + settings.serviceLevelSeconds() + " s, first-contact resolution over " + settings.fcrDays()
                + " days.");
        if (previous != null) {
            notes.add("Compared with " + local(previous.from()) + " to " + local(previous.to())
                    + ", the same period " + previous.intervals() + " interval" + (previous.intervals() == 1 ? "" : "s")
                    + " earlier: each figure beside the previous period's, and the change (this period's − the"
                    + " previous period's; in percentage points for percentages).");
        }
        if (!statesApply(request) && request.measures().stream().anyMatch(m -> m.scope() == Measure.Scope.AGENTS)) {
            notes.add("Occupancy, utilisation, handled per hour and digital load are per agent: group by agent or by"
                    + " nothing to see them.");
        }
        return notes;
    }

    private String local(Instant instant) {
        return LocalDateTime.ofInstant(instant, settings.zone()).toString().replace('T', ' ');
    }

    private static String label(ReportPeriod.Grouping grouping, String key, Map<String, String> agentNames) {
        return switch (grouping) {
            case NONE -> "All";
            case AGENT -> key.isEmpty() ? "(no agent)" : agentNames.getOrDefault(key, "agent " + key);
            case QUEUE -> key.isEmpty() ? "(no queue)" : key;
            case CHANNEL -> key;
            case CHANNEL_AND_DISPOSITION -> key;
            case DISPOSITION -> key.isEmpty() ? "(no disposition)" : key;
        };
    }

    private static Map<ContactFigure, Double> zeros() {
        Map<ContactFigure, Double> zeros = new EnumMap<>(ContactFigure.class);
        for (ContactFigure figure : ContactFigure.values()) {
            zeros.put(figure, 0.0);
        }
        return zeros;
    }

    /** Runs a query once fewer than {@link #QUERIES_AT_ONCE} others are running. */
    private <T> T limited(Supplier<T> query) {
        running.acquireUninterruptibly();
        try {
            return query.get();
        } finally {
            running.release();
        }
    }

    /** The result of a query run beside others; its failure is thrown here as it was thrown there. */
    private static <T> T join(Future<T> query) {
        try {
            return query.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the report's queries ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static int compareKeys(List<Object> a, List<Object> b) {
        int byInterval = ((Comparable<Object>) a.get(0)).compareTo(b.get(0));
        return byInterval != 0 ? byInterval : ((String) a.get(1)).compareTo((String) b.get(1));
    }
}

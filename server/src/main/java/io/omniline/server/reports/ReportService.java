package io.omniline.server.reports;

import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.report.ContactFigure;
import io.omniline.db.report.ReportPeriod;
import io.omniline.db.report.ReportRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Computes reports: the figures come from the database in two queries (contacts, agent states),
 * each measure is its formula over the figures of a row, and every figure can be opened into the
 * contacts behind it.
 */
public final class ReportService {

    /** A report over more than this many intervals is refused: nobody reads it, and it costs the database. */
    static final int MAX_INTERVALS = 3_000;

    static final int MAX_DRILL = 500;

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

    public Report run(ReportRequest request) {
        ReportPeriod period = period(request);
        Map<List<Object>, Map<ContactFigure, Double>> contacts = new TreeMap<>(ReportService::compareKeys);
        for (ReportRepository.ContactRow row : figures.contactFigures(period)) {
            contacts.put(List.of(row.interval(), row.key()), row.figures());
        }
        boolean agentMeasures = request.measures().stream().anyMatch(m -> m.scope() == Measure.Scope.AGENTS);
        Map<List<Object>, Map<String, Double>> states = new TreeMap<>(ReportService::compareKeys);
        boolean statesApply =
                request.grouping() == ReportPeriod.Grouping.AGENT || request.grouping() == ReportPeriod.Grouping.NONE;
        if (agentMeasures && statesApply) {
            for (ReportRepository.StateRow row : figures.stateSeconds(period)) {
                states.put(List.of(row.interval(), row.key()), row.secondsByState());
                contacts.putIfAbsent(List.of(row.interval(), row.key()), zeros());
            }
        }
        Map<String, String> agentNames = request.grouping() == ReportPeriod.Grouping.AGENT
                ? agents.list().stream().collect(Collectors.toMap(a -> String.valueOf(a.id()), Agent::displayName))
                : Map.of();
        List<Report.Row> rows = new ArrayList<>();
        contacts.forEach((key, values) -> {
            String group = (String) key.get(1);
            boolean anAgentsRow =
                    statesApply && !(request.grouping() == ReportPeriod.Grouping.AGENT && group.isEmpty());
            Map<String, Double> state = states.getOrDefault(key, anAgentsRow ? Map.of() : null);
            Map<String, Double> out = new LinkedHashMap<>();
            for (Measure measure : request.measures()) {
                out.put(measure.key(), measure.value(values, state));
            }
            rows.add(new Report.Row(
                    (LocalDateTime) key.get(0), group, label(request.grouping(), group, agentNames), out));
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
                columns,
                rows,
                notes(request, statesApply));
    }

    /** The contacts behind a measure in one row of a report. */
    public List<ReportRepository.Contact> contacts(
            ReportRequest request, Measure measure, LocalDateTime interval, String key) {
        return figures.contacts(period(request), measure.drill(), interval, key, MAX_DRILL);
    }

    private ReportPeriod period(ReportRequest request) {
        ReportPeriod period = new ReportPeriod(
                request.from(),
                request.to(),
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
        };
        if (Duration.between(request.from(), request.to()).toSeconds() / smallest > MAX_INTERVALS) {
            throw new IllegalArgumentException("that period has more than " + MAX_INTERVALS
                    + " intervals; pick a longer interval or a shorter period");
        }
        return period;
    }

    private List<String> notes(ReportRequest request, boolean statesApply) {
        List<String> notes = new ArrayList<>();
        notes.add("Intervals are in " + settings.zone().getId() + "; a contact counts in the interval it started in.");
        notes.add("Short-abandon threshold " + settings.shortAbandonSeconds() + " s, service-level threshold "
                + settings.serviceLevelSeconds() + " s, first-contact resolution over " + settings.fcrDays()
                + " days.");
        if (!statesApply && request.measures().stream().anyMatch(m -> m.scope() == Measure.Scope.AGENTS)) {
            notes.add("Occupancy, utilisation, handled per hour and digital load are per agent: group by agent or by"
                    + " nothing to see them.");
        }
        return notes;
    }

    private static String label(ReportPeriod.Grouping grouping, String key, Map<String, String> agentNames) {
        return switch (grouping) {
            case NONE -> "All";
            case AGENT -> key.isEmpty() ? "(no agent)" : agentNames.getOrDefault(key, "agent " + key);
            case QUEUE -> key.isEmpty() ? "(no queue)" : key;
            case CHANNEL -> key;
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

    @SuppressWarnings("unchecked")
    private static int compareKeys(List<Object> a, List<Object> b) {
        int byInterval = ((Comparable<Object>) a.get(0)).compareTo(b.get(0));
        return byInterval != 0 ? byInterval : ((String) a.get(1)).compareTo((String) b.get(1));
    }
}

package io.omniline.server.flows;

import io.omniline.db.NotFoundException;
import io.omniline.db.flow.DialledNumbers;
import io.omniline.db.flow.FlowDraft;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.flow.FlowVersion;
import io.omniline.db.flow.NumberRoute;
import io.omniline.db.interaction.IvrPathRepository;
import io.omniline.db.interaction.IvrStep;
import io.omniline.db.interaction.RecentIvrCall;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.model.FlowDiff;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.ParsedFlow;
import io.omniline.ivr.model.Problem;
import io.omniline.ivr.run.Step;
import io.omniline.ivr.sim.Replay;
import io.omniline.ivr.sim.ReplayResult;
import io.omniline.ivr.sim.Scenario;
import io.omniline.ivr.sim.SimulationResult;
import io.omniline.ivr.sim.Simulator;
import io.omniline.ivr.validate.FlowValidator;
import io.omniline.ivr.validate.InvalidFlowException;
import io.omniline.ivr.validate.ValidationContext;
import io.omniline.telephony.flows.PublishedFlows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What telephony admins do with flows: edit drafts, validate, simulate, replay recorded calls,
 * publish (never with errors), roll back, compare versions and route numbers. Flows are
 * addressed by name; goto-flow targets resolve to published flows.
 */
public final class FlowService {

    private static final Logger log = LoggerFactory.getLogger(FlowService.class);

    private final FlowRepository flows;
    private final IvrPathRepository paths;
    private final PublishedFlows published;
    private final Supplier<Set<String>> prompts;
    private final Set<String> queues;
    private final Simulator simulator;
    private final DialledNumbers numbers;
    private final FlowParser parser = new FlowParser();

    /**
     * @param prompts the prompt catalogue as it is now (read at every validation: uploads change it)
     * @param queues the queues flows may use; null skips the check
     */
    public FlowService(
            FlowRepository flows,
            IvrPathRepository paths,
            PublishedFlows published,
            Supplier<Set<String>> prompts,
            Set<String> queues,
            int stepLimit,
            DialledNumbers numbers) {
        this.flows = flows;
        this.paths = paths;
        this.published = published;
        this.prompts = prompts;
        this.queues = queues;
        this.simulator = new Simulator(published, stepLimit);
        this.numbers = numbers;
    }

    private FlowValidator validator() {
        return new FlowValidator(new ValidationContext(prompts.get(), queues, published));
    }

    public List<FlowDraft> list() {
        return flows.list();
    }

    public FlowView create(String name, String description, String definition, String actor) {
        FlowDraft draft = flows.create(name, description, definition, actor);
        return new FlowView(draft, validator().validate(name, definition));
    }

    public FlowView get(String name) {
        FlowDraft draft = draft(name);
        return new FlowView(draft, validator().validate(name, draft.definition()));
    }

    public FlowView saveDraft(String name, String definition, String actor) {
        FlowDraft draft = flows.saveDraft(draft(name).id(), definition, actor);
        return new FlowView(draft, validator().validate(name, definition));
    }

    public void delete(String name, String actor) {
        flows.delete(draft(name).id(), actor);
    }

    public List<Problem> validate(String name, String definition) {
        return validator().validate(name, definition);
    }

    /** @throws InvalidFlowException when the draft has errors; warnings do not block */
    public FlowVersion publish(String name, String comment, String actor) {
        FlowDraft draft = draft(name);
        List<Problem> problems = validator().validate(name, draft.definition());
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new InvalidFlowException(name, problems);
        }
        FlowVersion version = flows.publish(draft.id(), comment, actor);
        published.forget();
        log.info("flow {} version {} published by {}", name, version.version(), actor);
        return version;
    }

    public FlowVersion rollback(String name, int toVersion, String comment, String actor) {
        FlowVersion version = flows.rollback(draft(name).id(), toVersion, comment, actor);
        published.forget();
        log.info("flow {} rolled back to version {} (now version {}) by {}", name, toVersion, version.version(), actor);
        return version;
    }

    public List<FlowVersion> versions(String name) {
        return flows.versions(draft(name).id());
    }

    public FlowVersion version(String name, int version) {
        return flows.version(draft(name).id(), version)
                .orElseThrow(() -> new NotFoundException("version", version + " of flow " + name));
    }

    /** @param version a published version, or null for the draft */
    public SimulationResult simulate(String name, Integer version, Scenario scenario) {
        return simulator.run(name, runnable(name, definition(name, version)), scenario);
    }

    /** Replays a stored call's IVR path against the draft. */
    public ReplayResult replay(String name, long interactionId, Scenario caller) {
        List<IvrStep> stored = paths.path(interactionId);
        if (stored.isEmpty()) {
            throw new NotFoundException("IVR path of interaction", interactionId);
        }
        Map<Long, String> flowNames = new HashMap<>();
        List<Step> recorded = stored.stream()
                .map(step -> new Step(
                        step.seq(),
                        step.flowId() == null ? name : flowNames.computeIfAbsent(step.flowId(), this::flowName),
                        step.nodeId(),
                        step.nodeType(),
                        step.input(),
                        step.outcome(),
                        step.at().toInstant()))
                .toList();
        return replay(name, recorded, caller);
    }

    /** The latest real calls that entered the flow, for picking one to replay. */
    public List<RecentIvrCall> recentCalls(String name, int limit) {
        return paths.recentCalls(draft(name).id(), limit);
    }

    public ReplayResult replay(String name, List<Step> recorded, Scenario caller) {
        return new Replay(simulator).replay(name, runnable(name, draft(name).definition()), recorded, caller);
    }

    /** @param from a version number or "draft"; likewise {@code to} */
    public FlowDiff diff(String name, String from, String to) {
        return FlowDiff.between(definition(name, versionOrDraft(from)), definition(name, versionOrDraft(to)));
    }

    public List<NumberRoute> routes() {
        return flows.routes();
    }

    /** @param number an extension or a phone number in any common format; stored in its normal form */
    public NumberRoute route(String number, String flowName, String actor) {
        NumberRoute route =
                flows.route(numbers.routeKey(number), draft(flowName).id(), actor);
        published.forget();
        return route;
    }

    public void unroute(String number, String actor) {
        flows.unroute(numbers.lookupKey(number), actor);
        published.forget();
    }

    /** The queues flows may send calls to, as configured; empty when any queue is allowed. */
    public Set<String> queues() {
        return queues == null ? Set.of() : queues;
    }

    /**
     * On a database without flows, installs the shipped examples, publishes them and routes
     * extension 100 to "main", so a fresh Omniline answers calls at once. On one that has flows but
     * none named "survey" (an installation from before the survey shipped), installs and publishes
     * the survey alone, so a queue whose surveys an admin turns on has one to play; nothing else
     * changes. A flow named "survey" that exists, an admin's draft or published versions, is never
     * touched. Nodes starting at once take turns, so only the first installs.
     */
    public void installExamples(String actor) {
        flows.alone(() -> {
            if (flows.list().isEmpty()) {
                ExampleFlows.all().forEach((name, json) -> install(name, json, actor));
                route("100", "main", actor);
                log.info("installed the example flows main, after-hours and survey; extension 100 runs main");
            } else if (flows.findByName(ExampleFlows.SURVEY).isEmpty()) {
                install(ExampleFlows.SURVEY, ExampleFlows.all().get(ExampleFlows.SURVEY), actor);
                log.info("installed the shipped survey flow: this database had flows but no survey");
            }
        });
    }

    private void install(String name, String json, String actor) {
        flows.create(name, "example flow shipped with Omniline", json, actor);
        publish(name, "example flow", actor);
    }

    private FlowDraft draft(String name) {
        return flows.findByName(name).orElseThrow(() -> new NotFoundException("flow", name));
    }

    private String flowName(long flowId) {
        return flows.find(flowId).map(FlowDraft::name).orElse("flow " + flowId);
    }

    private String definition(String name, Integer version) {
        return version == null
                ? draft(name).definition()
                : version(name, version).definition();
    }

    private static Integer versionOrDraft(String value) {
        if (value == null || value.equals("draft")) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + value + "\" is neither a version number nor \"draft\"");
        }
    }

    private Flow runnable(String name, String definition) {
        ParsedFlow parsed = parser.parse(definition);
        if (parsed.flow() == null || !parsed.problems().isEmpty()) {
            throw new InvalidFlowException(name, parsed.problems());
        }
        return parsed.flow();
    }
}

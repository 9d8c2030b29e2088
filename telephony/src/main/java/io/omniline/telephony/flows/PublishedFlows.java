package io.omniline.telephony.flows;

import io.omniline.db.flow.DialledNumbers;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.flow.FlowVersion;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.ParsedFlow;
import io.omniline.ivr.run.FlowResolver;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The flows calls run: the published version a dialled number or a flow name leads to now.
 * The route and the published pointer are read on every call, so a publish or rollback takes
 * effect at the next call without a restart; a call keeps the {@link Flow} it started with, so
 * calls already inside a flow finish on their version. Parsed versions are cached forever:
 * a published version never changes.
 */
public final class PublishedFlows implements FlowResolver {

    private final FlowRepository flows;
    private final FlowParser parser = new FlowParser();
    private final Map<VersionKey, Flow> parsed = new ConcurrentHashMap<>();

    private final DialledNumbers numbers;

    /** Looks numbers up as Asterisk gives them, for routes stored exactly that way. */
    public PublishedFlows(FlowRepository flows) {
        this(flows, null);
    }

    /** @param numbers the form routes are stored under; a dialled number is looked up in it first */
    public PublishedFlows(FlowRepository flows, DialledNumbers numbers) {
        this.flows = flows;
        this.numbers = numbers;
    }

    /**
     * The flow that answers a dialled number, with the version it came from: the route under the
     * number's normal form, else one stored exactly as dialled (routes made before numbers were
     * normalised).
     */
    public Optional<LiveFlow> forNumber(String dialled) {
        String key = numbers == null || dialled == null ? dialled : numbers.lookupKey(dialled);
        Optional<FlowVersion> version = flows.publishedForNumber(key);
        if (version.isEmpty() && !Objects.equals(key, dialled)) {
            version = flows.publishedForNumber(dialled);
        }
        return version.map(this::live);
    }

    public Optional<LiveFlow> forName(String name) {
        return flows.findByName(name).flatMap(draft -> flows.published(draft.id())).map(this::live);
    }

    @Override
    public Optional<Flow> flow(String name) {
        return forName(name).map(LiveFlow::flow);
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
    public record LiveFlow(long flowId, String name, int version, Flow flow) {
    }

    private record VersionKey(long flowId, int version) {
    }
}

package io.omniline.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.ivr.model.ExampleFlows;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.ParsedFlow;
import io.omniline.ivr.run.FlowResolver;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Flows for tests: JSON written with single quotes for readability, parsed strictly. */
public final class TestFlows {

    private TestFlows() {}

    public static Flow parse(String json) {
        return parseExact(json.replace('\'', '"'));
    }

    /** For flows whose expressions need single quotes themselves. */
    public static Flow parseExact(String json) {
        ParsedFlow parsed = new FlowParser().parse(json);
        assertThat(parsed.problems()).as("test flow parses").isEmpty();
        return parsed.flow();
    }

    /** The shipped example flows, by name. */
    public static FlowResolver examples() {
        Map<String, Flow> flows = new HashMap<>();
        ExampleFlows.all().forEach((name, json) -> flows.put(name, parse(json)));
        return name -> Optional.ofNullable(flows.get(name));
    }

    public static FlowResolver of(Map<String, Flow> flows) {
        return name -> Optional.ofNullable(flows.get(name));
    }
}

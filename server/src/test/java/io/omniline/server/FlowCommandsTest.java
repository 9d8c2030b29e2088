package io.omniline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.ivr.model.ExampleFlows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line validate and simulate, on flow files as an admin keeps them in git. */
class FlowCommandsTest {

    @TempDir
    Path flows;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void exampleFlowsOnDisk() throws IOException {
        for (Map.Entry<String, String> flow : ExampleFlows.all().entrySet()) {
            Files.writeString(flows.resolve(flow.getKey() + ".json"), flow.getValue());
        }
    }

    @Test
    void aValidFlowPassesWithItsSubFlowsReadFromBesideIt() {
        assertThat(main("flow-validate", "--file", flows.resolve("main.json").toString()))
                .isZero();
        assertThat(stdout()).endsWith("main.json: 0 error(s), 0 warning(s)\n");
    }

    @Test
    void problemsArePrintedOnePerLineAndFailTheCommand() throws IOException {
        Path broken = Files.writeString(flows.resolve("broken.json"), """
                {"start": "m", "nodes": {"m": {"type": "menu", "prompt": "omniline/main-menu", "options": {"1": "q"}},
                 "q": {"type": "queue", "queue": "nowhere"}, "lost": {"type": "hangup"}}}""");

        assertThat(main("flow-validate", "--file", broken.toString())).isEqualTo(1);
        assertThat(stdout())
                .contains("broken.json: error [m]: set how long to wait for a key (seconds)")
                .contains("broken.json: error [q]: queue \"nowhere\" is not configured")
                .contains("broken.json: warning [lost]: no call can reach this node")
                .endsWith("broken.json: 3 error(s), 1 warning(s)\n");
    }

    @Test
    void simulatePrintsThePathAndOutcomeAsJson() throws IOException {
        Path scenario = Files.writeString(flows.resolve("tuesday.scenario"), """
                {"callerNumber": "+15551234567", "at": "2026-11-24T15:00:00Z",
                 "inputs": [{"digits": "1"}, {"digits": "12345678#"}, {"digits": "2"}]}""");

        assertThat(main(
                        "flow-simulate",
                        "--file",
                        flows.resolve("main.json").toString(),
                        "--scenario",
                        scenario.toString()))
                .isZero();
        assertThat(stdout())
                .contains("\"type\" : \"queued\"")
                .contains("\"queue\" : \"support\"")
                .contains("\"nodeId\" : \"main-menu\"");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThat(main("flow-validate", "--file", "/nonexistent/flow.json")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("omniline: cannot read /nonexistent/flow.json");
        assertThat(main("flow-validate")).isEqualTo(Main.USAGE);
    }

    private int main(String... args) {
        return new Main(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of())
                .execute(args, false);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }
}

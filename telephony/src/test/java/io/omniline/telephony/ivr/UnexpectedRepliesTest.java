package io.omniline.telephony.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.testing.TestDatabase;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.telephony.agi.FastAgiServer;
import io.omniline.telephony.flows.PublishedFlows;
import io.omniline.telephony.sim.AgiEnvironment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An "Asterisk" that answers every command with a reply the real one never sends
 * ({@code 999 result=banana}): Asterisk-Java reads it as an odd result, the IVR takes it as no
 * valid key, and the flow's own retries and fallbacks still put the caller in a queue.
 */
class UnexpectedRepliesTest {

    /** A database budget no loaded test machine exceeds: these tests are not about deadlines. */
    private static final IvrCallHandler.Settings PATIENT =
            new IvrCallHandler.Settings("support", 500, Duration.ofSeconds(10));

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void nonsenseRepliesCountAsNoValidInputAndTheFlowsFallbacksStillRouteTheCaller() throws Exception {
        FlowRepository flows = db.repositories().flows();
        ExampleFlows.all()
                .forEach((name, json) ->
                        flows.publish(flows.create(name, "", json, "test").id(), "", "test"));
        flows.route("100", flows.findByName("main").orElseThrow().id(), "test");
        InteractionRepository interactions = db.repositories().interactions();
        IvrAgiScript script = new IvrAgiScript(IvrCallHandler.overDatabase(
                db.repositories(),
                new PublishedFlows(db.repositories().flows()),
                new IdentityNormalizer("US"),
                PATIENT,
                queue -> java.util.Optional.empty(),
                Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC),
                new SimpleMeterRegistry()));
        List<String> commands = new ArrayList<>();

        try (FastAgiServer server = FastAgiServer.start(
                        InetAddress.getLoopbackAddress(),
                        0,
                        Duration.ofSeconds(5),
                        (request, channel) -> script,
                        new SimpleMeterRegistry());
                Socket asterisk = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            asterisk.setSoTimeout(10_000);
            OutputStream out = asterisk.getOutputStream();
            out.write(AgiEnvironment.call("1795455999.1", "15551234567", "100", "ivr")
                    .withPort(server.port())
                    .block()
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(asterisk.getInputStream(), StandardCharsets.UTF_8));
            String command;
            while ((command = in.readLine()) != null) {
                commands.add(command);
                out.write("999 result=banana\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }

        assertThat(commands)
                .contains(
                        "GET DATA \"omniline/main-menu\" 5000 1",
                        "SET VARIABLE \"OMNILINE_ACTION\" \"queue\"",
                        "SET VARIABLE \"OMNILINE_QUEUE\" \"support\"");
        assertThat(interactions.findByExternalId(Channel.voice, "1795455999.1"))
                .get()
                .extracting(interaction -> interaction.state())
                .isEqualTo(InteractionState.queued);
    }
}

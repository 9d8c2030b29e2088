package io.omniline.telephony.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Direction;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.TelephonyAmi;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.QuickAmi;
import io.omniline.telephony.sim.ScriptedCalls;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One node following two Asterisk servers: each server's reconciliation judges only its own
 * calls, so a call up on one server is not closed because the other has no channel for it.
 */
class TwoAsteriskServersTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String ON_EAST = "1795460000.1";
    private static final String ON_WEST = "1795460100.1";

    @Test
    void eachServerReconcilesItsOwnCallsOnly() throws Exception {
        try (AmiSimulator east = new AmiSimulator(Map.of("omniline", "s3cret"));
                AmiSimulator west = new AmiSimulator(Map.of("omniline", "s3cret"))) {
            List<byte[]> eastCall = ScriptedCalls.answered(ON_EAST, "support", "PJSIP/1001", 1);
            int joined = joinIndex(eastCall);
            eastCall.subList(0, joined).forEach(east::emit);
            List<byte[]> westCall = ScriptedCalls.answered(ON_WEST, "support", "PJSIP/1002", 2);
            westCall.subList(0, joinIndex(westCall)).forEach(west::emit);
            open(ON_EAST);
            open(ON_WEST);

            try (TelephonyAmi node = telephony(east, west)) {
                await(() -> node.isConnected() && node.status().complete());
                await(() -> "east".equals(interaction(ON_EAST).metadata().get(CallReconciler.SERVER))
                        && "west".equals(interaction(ON_WEST).metadata().get(CallReconciler.SERVER)));
                assertThat(node.followed()).containsExactly("east", "west");
            }
            assertThat(interaction(ON_EAST).state()).isEqualTo(InteractionState.ivr);
            assertThat(interaction(ON_WEST).state()).isEqualTo(InteractionState.ivr);

            eastCall.subList(joined, eastCall.size()).forEach(east::emit);
            try (TelephonyAmi node = telephony(east, west)) {
                await(() -> interaction(ON_EAST).state() == InteractionState.ended);
                await(() -> node.status().complete());
                assertThat(node.awaitCallWork(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(interaction(ON_EAST).outcome()).isEqualTo(InteractionOutcome.ended_unobserved);
            assertThat(interaction(ON_WEST).state()).as("still up on west").isEqualTo(InteractionState.ivr);
        }
    }

    private static TelephonyAmi telephony(AmiSimulator east, AmiSimulator west) {
        return TelephonyAmi.start(
                new TelephonyAmi.Settings(
                        List.of(QuickAmi.server("east", east), QuickAmi.server("west", west)),
                        QuickAmi.WORK,
                        Duration.ofSeconds(5)),
                db.repositories().interactions(),
                db.repositories().agents(),
                db.repositories().agentStateLog(),
                event -> {},
                Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    /** A caller still in the IVR, as the FastAGI side opened it. */
    private static void open(String uniqueId) {
        long customer =
                db.repositories().customers().create(null, Map.of(), List.of()).id();
        db.repositories()
                .interactions()
                .open(new NewInteraction(
                        Channel.voice,
                        Direction.inbound,
                        InteractionState.ivr,
                        customer,
                        uniqueId,
                        null,
                        null,
                        Map.of()));
    }

    private static int joinIndex(List<byte[]> packets) {
        for (int i = 0; i < packets.size(); i++) {
            if (new String(packets.get(i), StandardCharsets.US_ASCII).contains("Event: QueueCallerJoin")) {
                return i;
            }
        }
        throw new AssertionError("no QueueCallerJoin");
    }

    private static Interaction interaction(String uniqueId) {
        return db.repositories()
                .interactions()
                .findByExternalId(Channel.voice, uniqueId)
                .orElseThrow();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}

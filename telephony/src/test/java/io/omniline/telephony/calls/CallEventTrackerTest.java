package io.omniline.telephony.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.ami.AmiPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CallEventTrackerTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final InteractionRepository interactions = new InteractionRepository(db.dsl());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<CallEvent> events = new ArrayList<>();
    private final CallEventTracker tracker = new CallEventTracker(interactions, new AgentRepository(db.dsl()), events::add, registry);

    @Test
    void aBlindTransferIsNotedAndTheInteractionGoesOn() {
        Interaction call = interactions.open(NewInteraction.inboundCall(UUID.randomUUID().toString(), null, null, null));

        tracker.accept(packet("Event", "BlindTransfer", "Result", "Success", "TransfererChannel", "PJSIP/1001-00000002",
                "TransfereeChannel", "PJSIP/pstn-00000001", "TransfereeUniqueid", call.externalId(), "Extension", "200",
                "Context", "from-pstn"));

        assertThat(events).containsExactly(new CallEvent.Transferred(call.id(), call.externalId(), null, "blind", "200"));
        assertThat(interactions.findById(call.id()).orElseThrow().metadata())
                .containsEntry("transferredTo", "200").containsEntry("transferKind", "blind");
    }

    @Test
    void unknownEventsCallsOmnilineDidNotRouteAndBadPacketsChangeNothing() {
        tracker.accept(packet("Event", "VarSet", "Variable", "X", "Value", "1"));
        tracker.accept(packet("Event", "AgentConnect", "Uniqueid", "not-ours.1", "Interface", "PJSIP/1001"));
        tracker.accept(new AmiPacket(List.of(Map.entry("Event", "QueueCallerJoin")), List.of("not a header line: ???")));

        assertThat(events).isEmpty();
        assertThat(registry.get("omniline_ami_malformed_packets_total").counter().count()).isEqualTo(1);
        assertThat(registry.get("omniline_ami_call_events_applied_total").counter().count()).isZero();
    }

    private static AmiPacket packet(String... keysAndValues) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            headers.add(Map.entry(keysAndValues[i], keysAndValues[i + 1]));
        }
        return new AmiPacket(headers, List.of());
    }
}

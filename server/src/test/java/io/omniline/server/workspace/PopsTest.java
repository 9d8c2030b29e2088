package io.omniline.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import io.omniline.customers.link.LinkTokens;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.IvrStep;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.pop.PopContext;
import io.omniline.db.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PopsTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    /** Read ahead when the caller joined the queue, the ring's pop only sends: it pops with the database down. */
    @Test
    void theRingsPopComesFromWhatTheJoinReadAhead() {
        long alice = db.repositories()
                .customers()
                .create("Alice Example", Map.of(), List.of(new IdentityNormalizer("US").phone("15551234567")))
                .id();
        InteractionRepository interactions = db.repositories().interactions();
        long call = interactions
                .open(NewInteraction.inboundCall("1800000041.1", "1800000041.1", alice, "15551234567"))
                .id();
        interactions.queue(call, "support", 0);
        db.repositories()
                .ivrPaths()
                .append(call, List.of(new IvrStep(1, null, null, "menu", "menu", "1", "1", OffsetDateTime.now())));
        Pops pops =
                new Pops(db.repositories(), new LinkTokens(new byte[32], Duration.ofMinutes(30), Clock.systemUTC()));
        pops.warm(call);

        Map<String, Object> pop;
        try (TestDatabase.Outage outage = db.outage()) {
            pop = pops.atRing(call);
        }

        assertThat(pop).containsEntry("queue", "support").containsEntry("state", "offered");
        assertThat(((PopContext) pop.get("customer")).customer().displayName()).isEqualTo("Alice Example");
        assertThat(pop.get("ivrPath")).asInstanceOf(LIST).hasSize(1);
        assertThat(pop.get("waitedSeconds")).isNotNull();
    }
}

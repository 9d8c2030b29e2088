package io.omniline.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.Database;
import io.omniline.db.flow.DialledNumbers;
import io.omniline.db.flow.FlowDraft;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.IvrPathRepository;
import io.omniline.db.testing.TestDatabase;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.server.prompts.ShippedPrompts;
import io.omniline.telephony.flows.PublishedFlows;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes start at once on an empty database and both find no flows: the examples are
 * installed once, and neither node's start fails on the other's rows.
 */
class ExampleInstallAcrossNodesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void twoNodesInstallingAtOnceInstallTheExamplesOnceAndBothStart() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<?>> installs = new ArrayList<>();
        try (Database nodeA = Database.connect(db.settings());
                Database nodeB = Database.connect(db.settings());
                ExecutorService nodes = Executors.newFixedThreadPool(2)) {
            for (Database node : List.of(nodeA, nodeB)) {
                FlowService flows = flowService(node.dsl());
                installs.add(nodes.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    flows.installExamples("omniline");
                    return null;
                }));
            }
            for (Future<?> install : installs) {
                install.get(60, TimeUnit.SECONDS);
            }
        }

        FlowRepository flows = db.repositories().flows();
        assertThat(flows.list())
                .extracting(FlowDraft::name)
                .containsExactlyInAnyOrderElementsOf(ExampleFlows.all().keySet());
        for (FlowDraft flow : flows.list()) {
            assertThat(flows.versions(flow.id()))
                    .as("versions of " + flow.name())
                    .hasSize(1);
        }
        assertThat(flows.routes()).hasSize(1);
    }

    /** A node's flow service, on the node's own pool. */
    private static FlowService flowService(DSLContext dsl) {
        FlowRepository repository = new FlowRepository(dsl);
        DialledNumbers numbers = new DialledNumbers(new IdentityNormalizer("US"));
        return new FlowService(
                repository,
                new IvrPathRepository(dsl),
                new PublishedFlows(repository, numbers),
                ShippedPrompts::names,
                ExampleFlows.QUEUES,
                200,
                numbers);
    }
}

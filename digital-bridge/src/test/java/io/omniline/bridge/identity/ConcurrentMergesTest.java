package io.omniline.bridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.AllAtOnce;
import io.omniline.db.ConflictException;
import io.omniline.db.customer.Customer;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two admins (or one admin's double click, or two nodes) merging the same customers at the same
 * moment: exactly one merge happens, the others are refused in words, nothing deadlocks, every
 * identity and interaction ends on one live customer, and the audit log holds one entry per merge
 * that happened.
 */
class ConcurrentMergesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final CustomerRepository customers = db.repositories().customers();
    private final InteractionRepository interactions = db.repositories().interactions();
    private final IdentityNormalizer normalizer = new IdentityNormalizer("US");
    private static final AtomicInteger phones = new AtomicInteger(5_550_000);

    @Test
    void eightIdenticalMergesAtOnceMergeOnceAndRefuseTheRest() throws Exception {
        Customer survivor = customerWithACall("Kim (phone)");
        Customer absorbed = customerWithACall("Kim (chat)");

        List<String> outcomes = AllAtOnce.run(8, () -> merge(survivor, absorbed));

        assertThat(outcomes)
                .containsOnlyOnce("merged")
                .filteredOn(o -> !o.equals("merged"))
                .allSatisfy(refusal -> assertThat(refusal).contains("merged into customer " + survivor.id()));
        assertOneLiveCustomerHoldsEverything(survivor, absorbed);
        assertThat(db.repositories().auditLog().forEntity("customer", survivor.id()))
                .hasSize(1);
    }

    @Test
    void mergingEachIntoTheOtherAtOnceMergesOneWayOnlyAndNeverDeadlocks() throws Exception {
        Customer a = customerWithACall("Lee A");
        Customer b = customerWithACall("Lee B");
        AtomicInteger turn = new AtomicInteger();

        List<String> outcomes = AllAtOnce.run(8, () -> turn.getAndIncrement() % 2 == 0 ? merge(a, b) : merge(b, a));

        assertThat(outcomes).containsOnlyOnce("merged");
        Customer live = customers.findById(a.id()).orElseThrow().mergedInto() == null ? a : b;
        Customer gone = live == a ? b : a;
        assertOneLiveCustomerHoldsEverything(live, gone);
    }

    @Test
    void aRingOfMergesAtOnceLeavesNoCycle() throws Exception {
        List<Customer> ring =
                List.of(customerWithACall("Ring 1"), customerWithACall("Ring 2"), customerWithACall("Ring 3"));
        AtomicInteger turn = new AtomicInteger();

        List<String> outcomes = AllAtOnce.run(9, () -> {
            int i = turn.getAndIncrement() % 3;
            return merge(ring.get(i), ring.get((i + 1) % 3));
        });

        assertThat(outcomes.stream().filter("merged"::equals)).hasSizeBetween(1, 2);
        List<Long> live = ring.stream()
                .map(c -> customers.survivorOf(c.id()).id())
                .distinct()
                .toList();
        assertThat(live)
                .as("every customer of the ring resolves to one live customer, no cycle")
                .hasSize(1);
        assertThat(interactions.recentByCustomer(live.getFirst(), 10))
                .as("all three calls on it")
                .hasSize(3);
    }

    private String merge(Customer survivor, Customer absorbed) {
        try {
            customers.merge(survivor.id(), absorbed.id(), "admin", "same person");
            return "merged";
        } catch (ConflictException refused) {
            return refused.getMessage();
        }
    }

    private void assertOneLiveCustomerHoldsEverything(Customer survivor, Customer absorbed) {
        assertThat(customers.findById(survivor.id()).orElseThrow().mergedInto()).isNull();
        assertThat(customers.findById(absorbed.id()).orElseThrow().mergedInto()).isEqualTo(survivor.id());
        assertThat(interactions.recentByCustomer(survivor.id(), 10)).hasSize(2);
        assertThat(interactions.recentByCustomer(absorbed.id(), 10)).isEmpty();
    }

    private Customer customerWithACall(String name) {
        String phone = "1212" + phones.incrementAndGet();
        Customer customer = customers.create(name, Map.of(), List.of(normalizer.phone(phone)));
        interactions.open(NewInteraction.inboundCall(UUID.randomUUID().toString(), null, customer.id(), phone));
        return customer;
    }
}

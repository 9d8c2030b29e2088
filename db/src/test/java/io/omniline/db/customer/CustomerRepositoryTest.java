package io.omniline.db.customer;

import static io.omniline.db.jooq.Tables.CUSTOMER_IDENTITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.identity.Identity;
import io.omniline.db.identity.IdentityKind;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;
import io.omniline.db.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CustomerRepositoryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final IdentityNormalizer normalizer = new IdentityNormalizer("US");
    private final CustomerRepository customers = db.repositories().customers();
    private final InteractionRepository interactions = db.repositories().interactions();
    private final MessageRepository messages = db.repositories().messages();

    @Test
    void aCustomerIsFoundByEachOfItsIdentities() {
        Identity phone = uniquePhone();
        Identity email = uniqueEmail();
        Customer alice = customers.create("Alice Example", Map.of("vip", true), List.of(phone, email));

        assertThat(customers.findByIdentity(phone)).contains(alice);
        assertThat(customers.findByIdentity(email)).contains(alice);
        assertThat(customers.findById(alice.id())).contains(alice);
        assertThat(alice.attributes()).containsEntry("vip", true);
        assertThat(customers.identities(alice.id()))
                .extracting(CustomerIdentity::identity)
                .containsExactly(phone, email);
        assertThat(customers.findByIdentity(uniquePhone())).isEmpty();
    }

    @Test
    void aCallerIsFoundWithWhetherOneOfTheirLatestInteractionsIsStillOpen() {
        Identity phone = uniquePhone();
        Customer carol = customers.create("Carol", Map.of("vip", true), List.of(phone));
        Identity otherPhone = uniquePhone();
        Customer dan = customers.create("Dan", Map.of(), List.of(otherPhone));

        assertThat(customers.findCallerByIdentity(phone)).contains(new CustomerRepository.KnownCaller(carol, false));

        long first = interactions
                .open(NewInteraction.inboundCall(UUID.randomUUID().toString(), null, carol.id(), "+1"))
                .id();
        assertThat(customers.findCallerByIdentity(phone)).contains(new CustomerRepository.KnownCaller(carol, true));

        interactions.end(first, InteractionOutcome.hung_up_by_ivr);
        assertThat(customers.findCallerByIdentity(phone)).contains(new CustomerRepository.KnownCaller(carol, false));

        interactions.open(NewInteraction.inboundCall(UUID.randomUUID().toString(), null, dan.id(), "+1"));
        assertThat(customers.findCallerByIdentity(phone))
                .map(CustomerRepository.KnownCaller::openInteraction)
                .contains(false);
        assertThat(customers.findCallerByIdentity(otherPhone))
                .map(CustomerRepository.KnownCaller::openInteraction)
                .contains(true);
        assertThat(customers.findCallerByIdentity(uniquePhone())).isEmpty();
    }

    @Test
    void attachingAnIdentityTwiceChangesNothing() {
        Customer bob = customers.create("Bob", Map.of(), List.of());
        Identity email = uniqueEmail();

        CustomerIdentity first = customers.attachIdentity(bob.id(), email);
        CustomerIdentity again = customers.attachIdentity(bob.id(), email);

        assertThat(again).isEqualTo(first);
        assertThat(customers.identities(bob.id())).hasSize(1);
    }

    @Test
    void anIdentityOfAnotherCustomerIsNeverTakenSilently() {
        Identity phone = uniquePhone();
        Customer owner = customers.create("Owner", Map.of(), List.of(phone));
        Customer other = customers.create("Other", Map.of(), List.of());

        assertThatThrownBy(() -> customers.attachIdentity(other.id(), phone))
                .isInstanceOf(IdentityTakenException.class)
                .hasMessageContaining("already belongs to customer " + owner.id());
        assertThatThrownBy(() -> customers.create("Third", Map.of(), List.of(uniqueEmail(), phone)))
                .isInstanceOf(IdentityTakenException.class);
        assertThat(customers.findByIdentity(phone)).map(Customer::id).contains(owner.id());
    }

    @Test
    void theSchemaRefusesIdentitiesThatAreNotNormalized() {
        Customer carol = customers.create("Carol", Map.of(), List.of());

        assertThatThrownBy(() -> db.dsl()
                        .insertInto(CUSTOMER_IDENTITY)
                        .set(CUSTOMER_IDENTITY.CUSTOMER_ID, carol.id())
                        .set(CUSTOMER_IDENTITY.KIND, IdentityKind.phone)
                        .set(CUSTOMER_IDENTITY.VALUE, "(415) 555-2671")
                        .execute())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("customer_identity_phone_is_e164");
        assertThatThrownBy(() -> db.dsl()
                        .insertInto(CUSTOMER_IDENTITY)
                        .set(CUSTOMER_IDENTITY.CUSTOMER_ID, carol.id())
                        .set(CUSTOMER_IDENTITY.KIND, IdentityKind.email)
                        .set(CUSTOMER_IDENTITY.VALUE, "Carol@Example.com")
                        .execute())
                .hasMessageContaining("customer_identity_email_is_canonical");
    }

    @Test
    void mergeMovesEveryIdentityInteractionAndMessageAndIsAudited() {
        Identity phone = uniquePhone();
        Identity email = uniqueEmail();
        Customer survivor = customers.create("Dana (phone)", Map.of(), List.of(phone));
        Customer absorbed = customers.create("Dana (chat)", Map.of(), List.of(email));
        long chat = interactions
                .open(NewInteraction.inboundMessage(Channel.chat, uuid(), absorbed.id(), null))
                .id();
        messages.append(NewMessage.fromCustomer(chat, "my router is blinking", null));
        messages.append(NewMessage.fromCustomer(chat, "still blinking", null));
        long sms = interactions
                .open(NewInteraction.inboundMessage(Channel.sms, uuid(), absorbed.id(), null))
                .id();
        messages.append(NewMessage.fromCustomer(sms, "hello?", null));

        MergeResult result = customers.merge(survivor.id(), absorbed.id(), "admin", "same person, confirmed by phone");

        assertThat(result).isEqualTo(new MergeResult(survivor.id(), absorbed.id(), 1, 2, 3));
        assertThat(customers.findByIdentity(email)).map(Customer::id).contains(survivor.id());
        assertThat(interactions.recentByCustomer(survivor.id(), 10))
                .extracting(i -> i.id())
                .containsExactlyInAnyOrder(chat, sms);
        assertThat(messages.transcript(chat)).hasSize(2);
        assertThat(interactions.recentByCustomer(absorbed.id(), 10)).isEmpty();
        assertThat(customers.findById(absorbed.id()))
                .get()
                .extracting(Customer::mergedInto)
                .isEqualTo(survivor.id());
        assertThat(customers.survivorOf(absorbed.id()).id()).isEqualTo(survivor.id());
        assertThat(db.repositories().auditLog().forEntity("customer", survivor.id()))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.actor()).isEqualTo("admin");
                    assertThat(entry.action()).isEqualTo("customer.merge");
                    assertThat(entry.details())
                            .containsEntry("absorbed", (int) absorbed.id())
                            .containsEntry("reason", "same person, confirmed by phone")
                            .containsEntry("messages", 3);
                });
    }

    @Test
    void aChainOfMergesResolvesToTheLastSurvivor() {
        Customer a = customers.create("A", Map.of(), List.of());
        Customer b = customers.create("B", Map.of(), List.of());
        Customer c = customers.create("C", Map.of(), List.of());

        customers.merge(b.id(), a.id(), "admin", "dup");
        customers.merge(c.id(), b.id(), "admin", "dup");

        assertThat(customers.survivorOf(a.id()).id()).isEqualTo(c.id());
        assertThat(customers.findById(a.id()))
                .get()
                .extracting(Customer::mergedInto)
                .isEqualTo(c.id());
    }

    @Test
    void aCustomerCannotBeMergedIntoItself() {
        Customer e = customers.create("E", Map.of(), List.of());

        assertThatThrownBy(() -> customers.merge(e.id(), e.id(), "admin", "oops"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("cannot be merged into itself");
    }

    @Test
    void nothingMergesIntoOrOutOfAMergedCustomer() {
        Customer live = customers.create("Live", Map.of(), List.of());
        Customer gone = customers.create("Gone", Map.of(), List.of());
        Customer third = customers.create("Third", Map.of(), List.of(uniquePhone()));
        customers.merge(live.id(), gone.id(), "admin", "dup");

        assertThatThrownBy(() -> customers.merge(gone.id(), third.id(), "admin", "into merged"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("was merged into customer " + live.id());
        assertThatThrownBy(() -> customers.merge(third.id(), gone.id(), "admin", "merged again"))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> customers.attachIdentity(gone.id(), uniqueEmail()))
                .isInstanceOf(ConflictException.class);
        assertThat(customers.identities(third.id())).hasSize(1);
    }

    @Test
    void mergingAnUnknownCustomerSaysWhichOne() {
        Customer f = customers.create("F", Map.of(), List.of());

        assertThatThrownBy(() -> customers.merge(f.id(), 987_654_321L, "admin", "typo"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("customer 987654321 does not exist");
    }

    private Identity uniquePhone() {
        long n = Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 10_000_000L);
        return normalizer.phone(String.format("+1415%07d", n));
    }

    private Identity uniqueEmail() {
        return normalizer.email(uuid() + "@example.com");
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }
}

package io.omniline.db.pop;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.Identity;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;
import io.omniline.db.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PopContextQueryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final IdentityNormalizer normalizer = new IdentityNormalizer("US");
    private final CustomerRepository customers = db.repositories().customers();
    private final InteractionRepository interactions = db.repositories().interactions();
    private final MessageRepository messages = db.repositories().messages();
    private final PopContextQuery pops = new PopContextQuery(db.dsl(), 4);

    @Test
    void thePopCarriesIdentitiesRecentInteractionsAndTheLastChatInFull() {
        Identity phone = normalizer.phone("+1 415 555 0" + (100 + (int) (Math.random() * 899)));
        Identity email = normalizer.email(UUID.randomUUID() + "@example.com");
        long customer = customers
                .create("Grace", Map.of("vip", true), List.of(phone, email))
                .id();
        long oldChat = open(Channel.chat, customer);
        messages.append(NewMessage.fromCustomer(oldChat, "an old question", null));
        long lastChat = open(Channel.chat, customer);
        messages.append(NewMessage.fromCustomer(lastChat, "my order 1234 has not arrived", null));
        messages.append(NewMessage.fromCustomer(lastChat, "can someone call me?", null));
        long email1 = open(Channel.email, customer);
        long sms = open(Channel.sms, customer);
        long call = interactions
                .open(NewInteraction.inboundCall(UUID.randomUUID().toString(), null, customer, null))
                .id();

        PopContext pop = pops.forIdentity(phone).orElseThrow();

        assertThat(pop.customer().id()).isEqualTo(customer);
        assertThat(pop.customer().attributes()).containsEntry("vip", true);
        assertThat(pop.identities()).extracting(i -> i.identity()).containsExactly(phone, email);
        assertThat(pop.recentInteractions()).extracting(Interaction::id).containsExactly(call, sms, email1, lastChat);
        assertThat(pop.lastChat()).get().satisfies(chat -> {
            assertThat(chat.interactionId()).isEqualTo(lastChat);
            assertThat(chat.messages())
                    .extracting(Message::body)
                    .containsExactly("my order 1234 has not arrived", "can someone call me?");
        });
        assertThat(pops.forCustomer(customer)).contains(pop);
    }

    @Test
    void aCustomerWhoNeverChattedHasNoTranscript() {
        long customer = customers.create("Heidi", Map.of(), List.of()).id();
        open(Channel.email, customer);

        PopContext pop = pops.forCustomer(customer).orElseThrow();

        assertThat(pop.lastChat()).isEmpty();
        assertThat(pop.identities()).isEmpty();
        assertThat(pop.recentInteractions()).hasSize(1);
    }

    @Test
    void anUnknownCallerHasNoPopContext() {
        assertThat(pops.forIdentity(normalizer.phone("+1 212 555 0" + (100 + (int) (Math.random() * 899)))))
                .isEmpty();
        assertThat(pops.forCustomer(-1)).isEmpty();
    }

    private long open(Channel channel, long customer) {
        return interactions
                .open(NewInteraction.inboundMessage(channel, UUID.randomUUID().toString(), customer, null))
                .id();
    }
}

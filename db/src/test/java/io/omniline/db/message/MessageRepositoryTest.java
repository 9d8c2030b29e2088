package io.omniline.db.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MessageRepositoryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MessageRepository messages = db.repositories().messages();
    private final InteractionRepository interactions = db.repositories().interactions();

    @Test
    void theTranscriptIsInTheOrderMessagesWereSent() {
        long chat = newChat();
        long agent = db.repositories()
                .agents()
                .create("amy", "Amy", null, Map.of(), Map.of(), "admin")
                .id();
        OffsetDateTime t0 = OffsetDateTime.parse("2026-11-23T10:00:00Z");
        messages.append(
                new NewMessage(chat, AuthorKind.customer, null, "second", null, null, null, t0.plusSeconds(5), null));
        messages.append(new NewMessage(chat, AuthorKind.customer, null, "first", null, null, null, t0, null));
        Message reply = messages.append(NewMessage.fromAgent(chat, agent, "third"));

        assertThat(messages.transcript(chat)).extracting(Message::body).containsExactly("first", "second", "third");
        assertThat(reply.authorKind()).isEqualTo(AuthorKind.agent);
        assertThat(reply.agentId()).isEqualTo(agent);
        assertThat(reply.contentType()).isEqualTo("text/plain");
    }

    @Test
    void aRedeliveredMessageIsStoredOnce() {
        long email = interactions
                .open(NewInteraction.inboundMessage(
                        Channel.email, UUID.randomUUID().toString(), null, "Hi"))
                .id();

        Message first = messages.append(NewMessage.fromCustomer(email, "body", "<abc@mail.example>"));
        Message again = messages.append(NewMessage.fromCustomer(email, "body", "<abc@mail.example>"));

        assertThat(again).isEqualTo(first);
        assertThat(messages.transcript(email)).hasSize(1);
    }

    @Test
    void agentMessagesNameTheirAgentAndNobodyElseDoes() {
        long chat = newChat();

        assertThatThrownBy(() -> messages.append(
                        new NewMessage(chat, AuthorKind.agent, null, "who am I", null, null, null, null, null)))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("message_agent_author");
    }

    @Test
    void aMessageToAnUnknownInteractionIsRefused() {
        assertThatThrownBy(() -> messages.append(NewMessage.fromCustomer(-5, "lost?", null)))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("message_interaction_id_fkey");
    }

    @Test
    void unicodeAndMetadataSurviveTheRoundTrip() {
        long chat = newChat();
        Message stored = messages.append(new NewMessage(
                chat,
                AuthorKind.customer,
                null,
                "Grüße 👋 <b>bold</b>",
                null,
                null,
                null,
                null,
                Map.of("ip", "127.0.0.1")));

        assertThat(messages.transcript(chat)).containsExactly(stored);
        assertThat(stored.body()).isEqualTo("Grüße 👋 <b>bold</b>");
        assertThat(stored.metadata()).containsEntry("ip", "127.0.0.1");
    }

    private long newChat() {
        return interactions
                .open(NewInteraction.inboundMessage(
                        Channel.chat, UUID.randomUUID().toString(), null, null))
                .id();
    }
}

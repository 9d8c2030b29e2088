package io.omniline.db.digital;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.ConflictException;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DigitalQueueRepositoryTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private final String chatQueue = "chat-" + UUID.randomUUID();
    private DigitalQueueRepository queue;
    private InteractionRepository interactions;
    private AgentRepository agents;

    @BeforeEach
    void repositories() {
        queue = db.repositories().digitalQueue();
        interactions = db.repositories().interactions();
        agents = db.repositories().agents();
    }

    @Test
    void anAgentIsNeverOfferedMoreThanTheirCapacity() {
        long agent = agent(chatQueue);
        queue.signIn(agent, 2);
        for (int i = 0; i < 3; i++) {
            waiting(Channel.chat, chatQueue);
        }

        assertThat(queue.offerNext()).isPresent();
        assertThat(queue.offerNext()).isPresent();
        assertThat(queue.offerNext()).isEmpty();
        assertThat(queue.heldBy(agent)).hasSize(2);
    }

    @Test
    void theLeastLoadedAgentOfTheRightQueueGetsTheOldestConversation() {
        long busy = agent(chatQueue);
        long idle = agent(chatQueue);
        long otherQueue = agent("sales-" + UUID.randomUUID());
        queue.signIn(busy, 5);
        queue.signIn(idle, 5);
        queue.signIn(otherQueue, 5);
        long first = waiting(Channel.email, chatQueue);
        long second = waiting(Channel.sms, chatQueue);

        Offer a = queue.offerNext().orElseThrow();
        Offer b = queue.offerNext().orElseThrow();

        assertThat(a.interactionId()).isEqualTo(first);
        assertThat(b.interactionId()).isEqualTo(second);
        assertThat(a.agentId()).isNotEqualTo(b.agentId());
        assertThat(java.util.List.of(a.agentId(), b.agentId())).doesNotContain(otherQueue);
    }

    @Test
    void aWithdrawnAgentIsOfferedNothingMoreAndTheirWorkGoesBackInLine() {
        long leaving = agent(chatQueue);
        queue.signIn(leaving, 3);
        long served = waiting(Channel.chat, chatQueue);
        long offered = waiting(Channel.email, chatQueue);
        queue.offerNext().orElseThrow();
        queue.accept(served, leaving);
        queue.offerNext().orElseThrow();

        assertThat(queue.withdraw(leaving, false)).containsExactly(offered);
        assertThat(queue.heldBy(leaving)).extracting(Interaction::id).containsExactly(served);
        assertThat(queue.offerNext()).as("no presence, no offer").isEmpty();

        assertThat(queue.withdraw(leaving, true)).containsExactly(served);
        assertThat(queue.heldBy(leaving)).isEmpty();
        long stays = agent(chatQueue);
        queue.signIn(stays, 3);
        assertThat(queue.offerNext().orElseThrow().interactionId())
                .as("it kept its place")
                .isEqualTo(served);
    }

    @Test
    void onlyTheOfferedAgentMayAcceptAndAcceptingMakesItActive() {
        long agent = agent(chatQueue);
        long other = agent(chatQueue);
        queue.signIn(agent, 1);
        long id = waiting(Channel.chat, chatQueue);
        queue.offerNext().orElseThrow();

        assertThatThrownBy(() -> queue.accept(id, other)).isInstanceOf(ConflictException.class);
        Interaction accepted = queue.accept(id, agent);

        assertThat(accepted.state()).isEqualTo(InteractionState.active);
        assertThat(accepted.holdSeconds()).isNotNull();
    }

    @Test
    void anOfferNobodyTakesGoesBackToTheQueueAndATransferKeepsItsPlace() throws Exception {
        long agent = agent(chatQueue);
        queue.signIn(agent, 1);
        long id = waiting(Channel.chat, chatQueue);
        Interaction before = interactions.findById(id).orElseThrow();
        queue.offerNext().orElseThrow();
        Thread.sleep(20);

        assertThat(queue.withdrawStaleOffers(Duration.ofMillis(1))).containsExactly(id);
        Interaction again = interactions.findById(id).orElseThrow();
        assertThat(again.state()).isEqualTo(InteractionState.queued);
        assertThat(again.agentId()).isNull();

        queue.signOut(agent);
        assertThat(queue.offerNext()).isEmpty();
        Interaction moved = queue.requeue(id, "billing");
        assertThat(moved.queueName()).isEqualTo("billing");
        assertThat(moved.queuedAt()).isEqualTo(before.queuedAt());
    }

    @Test
    void voiceCallsAreNotDigitalWork() {
        long agent = agent(chatQueue);
        queue.signIn(agent, 3);
        Interaction call = interactions.open(NewInteraction.inboundCall("1.1-" + UUID.randomUUID(), null, null, null));
        interactions.queue(call.id(), chatQueue, 0);

        assertThat(queue.offerNext()).isEqualTo(Optional.empty());
    }

    @Test
    void everyAgentsWorkAndCapacityReadAtOnceAreWhatEachAgentHasAlone() {
        long serving = agent(chatQueue);
        long idle = agent(chatQueue);
        long away = agent(chatQueue);
        queue.signIn(serving, 2);
        long first = waiting(Channel.chat, chatQueue);
        long second = waiting(Channel.sms, chatQueue);
        queue.offerNext().orElseThrow();
        queue.offerNext().orElseThrow();
        queue.accept(first, serving);
        queue.signIn(idle, 4);
        Interaction call = interactions.open(NewInteraction.inboundCall("1.2-" + UUID.randomUUID(), null, null, null));
        interactions.offer(interactions.queue(call.id(), chatQueue, 0).id(), serving);

        Map<Long, List<Interaction>> held = queue.held();
        Map<Long, Integer> capacities = queue.capacities();

        for (long agent : List.of(serving, idle, away)) {
            assertThat(held.getOrDefault(agent, List.of())).isEqualTo(queue.heldBy(agent));
            assertThat(Optional.ofNullable(capacities.get(agent))).isEqualTo(queue.capacityOf(agent));
        }
        assertThat(held.get(serving)).extracting(Interaction::id).containsExactly(first, second);
        assertThat(capacities.get(away)).isNull();
    }

    @Test
    void theLoadsCountEachQueuesWaitingAndInProgressConversationsByChannel() {
        long agent = agent(chatQueue);
        queue.signIn(agent, 5);
        String emailQueue = "mail-" + UUID.randomUUID();
        waiting(Channel.chat, chatQueue);
        queue.offerNext().orElseThrow();
        queue.accept(queue.heldBy(agent).getFirst().id(), agent);
        waiting(Channel.chat, chatQueue);
        queue.offerNext().orElseThrow();
        db.dsl()
                .execute(
                        "UPDATE interaction SET queued_at = queued_at - interval '90 seconds' WHERE queue_name = ?",
                        chatQueue);
        waiting(Channel.chat, chatQueue);
        waiting(Channel.email, emailQueue);

        List<QueueLoad> loads = queue.loads().stream()
                .filter(load -> load.queue().equals(chatQueue) || load.queue().equals(emailQueue))
                .toList();

        // Offered to an agent who has not taken it: the visitor still waits, the longest of them 90 s.
        assertThat(loads).hasSize(2);
        QueueLoad chats = loads.stream()
                .filter(load -> load.channel() == Channel.chat)
                .findFirst()
                .orElseThrow();
        assertThat(chats.queue()).isEqualTo(chatQueue);
        assertThat(chats.waiting()).isEqualTo(2);
        assertThat(chats.inProgress()).isEqualTo(1);
        assertThat(chats.longestWaitSeconds()).isBetween(90, 150);
        QueueLoad mail = loads.stream()
                .filter(load -> load.channel() == Channel.email)
                .findFirst()
                .orElseThrow();
        assertThat(mail.waiting()).isEqualTo(1);
        assertThat(mail.inProgress()).isZero();
    }

    private long waiting(Channel channel, String queueName) {
        Interaction opened = interactions.open(
                NewInteraction.inboundMessage(channel, UUID.randomUUID().toString(), null, null));
        return interactions.queue(opened.id(), queueName, 0).id();
    }

    private long agent(String queueName) {
        String login = "agent-" + UUID.randomUUID();
        return agents.create(login, login, null, Map.of(), Map.of(queueName, 0), "test")
                .id();
    }
}

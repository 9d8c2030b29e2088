package io.omniline.db.interaction;

import static io.omniline.db.jooq.Tables.INTERACTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.NotFoundException;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InteractionRepositoryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static long agentId;

    private final InteractionRepository interactions = db.repositories().interactions();
    private final IvrPathRepository ivrPaths = db.repositories().ivrPaths();
    private final CustomerRepository customers = db.repositories().customers();

    @BeforeAll
    static void anAgent() {
        agentId = db.repositories()
                .agents()
                .create("agent1", "Agent One", "PJSIP/1001", Map.of(), Map.of(), "admin")
                .id();
    }

    @Test
    void aCallGoesThroughIvrQueueRingAnswerWrapUpAndEnd() {
        String uniqueId = uniqueId();
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId, uniqueId, null, null));
        assertThat(call.state()).isEqualTo(InteractionState.ivr);
        assertThat(call.startedAt()).isNotNull();

        Interaction queued = interactions.queue(call.id(), "support", 5);
        assertThat(queued.state()).isEqualTo(InteractionState.queued);
        assertThat(queued.queueName()).isEqualTo("support");
        assertThat(queued.priority()).isEqualTo(5);
        assertThat(queued.queuedAt()).isNotNull();

        Interaction ringing = interactions.offer(call.id(), agentId);
        assertThat(ringing.state()).isEqualTo(InteractionState.offered);
        assertThat(ringing.offeredAt()).isNotNull();

        Interaction answered = interactions.answer(call.id(), agentId);
        assertThat(answered.state()).isEqualTo(InteractionState.active);
        assertThat(answered.agentId()).isEqualTo(agentId);
        assertThat(answered.answeredAt()).isNotNull();
        assertThat(answered.holdSeconds()).isNotNegative();

        Interaction wrapping = interactions.wrapUp(call.id());
        assertThat(wrapping.talkSeconds()).isNotNegative();
        interactions.recordDisposition(call.id(), "resolved", "reset the router");

        Interaction ended = interactions.end(call.id(), InteractionOutcome.completed);
        assertThat(ended.state()).isEqualTo(InteractionState.ended);
        assertThat(ended.outcome()).isEqualTo(InteractionOutcome.completed);
        assertThat(ended.endedAt()).isNotNull();
        assertThat(ended.disposition()).isEqualTo("resolved");
        assertThat(ended.notes()).isEqualTo("reset the router");
        assertThat(interactions.findByExternalId(Channel.voice, uniqueId)).contains(ended);
    }

    @Test
    void anUnansweredRingPutsTheCallBackInTheQueueKeepingItsQueueTime() {
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId(), null, null, null));
        OffsetDateTime queuedAt = interactions.queue(call.id(), "support", 0).queuedAt();
        interactions.offer(call.id(), agentId);

        Interaction again = interactions.queue(call.id(), "support", 0);

        assertThat(again.state()).isEqualTo(InteractionState.queued);
        assertThat(again.queuedAt()).isEqualTo(queuedAt);
    }

    @Test
    void onlyTheFirstRingOfACallStillInItsQueueOffersIt() {
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId(), null, null, null));
        assertThat(interactions.offerIfQueued(call.id(), "PJSIP/1001"))
                .as("still in the IVR")
                .isEmpty();
        interactions.queue(call.id(), "support", 0);

        Interaction offered =
                interactions.offerIfQueued(call.id(), "PJSIP/1001").orElseThrow();
        assertThat(offered.state()).isEqualTo(InteractionState.offered);
        assertThat(offered.agentId()).isEqualTo(agentId);
        assertThat(offered.offeredAt()).isNotNull();

        interactions.answer(call.id(), agentId);
        assertThat(interactions.offerIfQueued(call.id(), "PJSIP/1001"))
                .as("answered")
                .isEmpty();
        assertThat(interactions.findById(call.id()).orElseThrow().state()).isEqualTo(InteractionState.active);
    }

    @Test
    void theIvrsHandOnStoredLateNeverMovesBackACallAsteriskAlreadyMovedOn() {
        Interaction inIvr = interactions.open(NewInteraction.inboundCall(uniqueId(), null, null, null));
        Interaction queued = interactions.queueFromIvr(inIvr.id(), "support", 10);
        assertThat(queued.state()).isEqualTo(InteractionState.queued);
        assertThat(queued.queueName()).isEqualTo("support");
        assertThat(queued.priority()).isEqualTo(10);
        assertThat(queued.queuedAt()).isNotNull();

        Interaction answered = interactions.open(NewInteraction.inboundCall(uniqueId(), null, null, null));
        interactions.queue(answered.id(), "sales", 0);
        interactions.offer(answered.id(), agentId);
        interactions.answer(answered.id(), agentId);
        Interaction late = interactions.queueFromIvr(answered.id(), "support", 10);
        assertThat(late.state()).as("answered stays answered").isEqualTo(InteractionState.active);
        assertThat(late.queueName()).as("the queue AMI saw").isEqualTo("sales");
        assertThat(late.priority()).as("the flow's priority").isEqualTo(10);

        Interaction ended = interactions.open(NewInteraction.inboundCall(uniqueId(), null, null, null));
        interactions.end(ended.id(), InteractionOutcome.abandoned_in_ivr);
        Interaction afterEnd = interactions.queueFromIvr(ended.id(), "support", 1);
        assertThat(afterEnd.state()).as("no error: an ended call stays ended").isEqualTo(InteractionState.ended);
        assertThat(afterEnd.queuedAt()).isNull();
    }

    @Test
    void illegalMovesAreRefusedWithTheStatesNamed() {
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId(), null, null, null));

        assertThatThrownBy(() -> interactions.wrapUp(call.id()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("interaction " + call.id() + " cannot move from ivr to wrap_up");
        assertThatThrownBy(() -> interactions.offer(call.id(), agentId)).isInstanceOf(IllegalTransitionException.class);

        interactions.end(call.id(), InteractionOutcome.abandoned_in_ivr);
        assertThatThrownBy(() -> interactions.queue(call.id(), "support", 0))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("cannot move from ended to queued");
        assertThat(interactions.findById(call.id()))
                .get()
                .extracting(Interaction::outcome)
                .isEqualTo(InteractionOutcome.abandoned_in_ivr);
    }

    @Test
    void theSchemaKeepsEndedInteractionsConsistentForEveryWriter() {
        Interaction chat = interactions.open(NewInteraction.inboundMessage(Channel.chat, uniqueId(), null, null));

        assertThatThrownBy(() -> db.dsl()
                        .update(INTERACTION)
                        .set(INTERACTION.STATE, InteractionState.ended)
                        .where(INTERACTION.ID.eq(chat.id()))
                        .execute())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("interaction_ended_has_time_and_outcome");
        assertThatThrownBy(() -> interactions.open(new NewInteraction(
                        Channel.chat, Direction.inbound, InteractionState.ivr, null, uniqueId(), null, null, Map.of())))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("interaction_ivr_is_voice");
        assertThatThrownBy(() -> interactions.open(new NewInteraction(
                        Channel.voice,
                        Direction.inbound,
                        InteractionState.wrap_up,
                        null,
                        uniqueId(),
                        null,
                        null,
                        Map.of())))
                .hasMessageContaining("cannot start in state wrap_up");
    }

    @Test
    void everyAgentsLiveCallReadAtOnceIsTheNewestEachAgentHasAlone() {
        long other = db.repositories()
                .agents()
                .create("agent-" + uniqueId(), "Other", null, Map.of(), Map.of(), "admin")
                .id();
        Interaction older = interactions.open(NewInteraction.inboundCall(uniqueId(), null, null, null));
        interactions.offer(interactions.queue(older.id(), "support", 0).id(), other);
        interactions.answer(older.id(), other);
        interactions.wrapUp(older.id());
        Interaction newer = interactions.open(NewInteraction.inboundCall(uniqueId(), null, null, null));
        interactions.offer(interactions.queue(newer.id(), "support", 0).id(), other);

        var calls = interactions.liveCalls();

        assertThat(calls.get(other)).isEqualTo(interactions.liveCallOf(other).orElseThrow());
        assertThat(calls.get(other).id()).isEqualTo(newer.id());
        assertThat(Optional.ofNullable(calls.get(agentId))).isEqualTo(interactions.liveCallOf(agentId));
    }

    @Test
    void oneExternalIdOpensOneInteractionPerChannel() {
        String uniqueId = uniqueId();
        interactions.open(NewInteraction.inboundCall(uniqueId, null, null, null));

        assertThatThrownBy(() -> interactions.open(NewInteraction.inboundCall(uniqueId, null, null, null)))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("interaction_external_id_unique");
        assertThat(interactions
                        .open(NewInteraction.inboundMessage(Channel.chat, uniqueId, null, null))
                        .channel())
                .isEqualTo(Channel.chat);
    }

    @Test
    void movingAnUnknownInteractionSaysSo() {
        assertThatThrownBy(() -> interactions.end(-1, InteractionOutcome.failed))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("interaction -1 does not exist");
    }

    @Test
    void recentInteractionsSpanEveryChannelNewestFirst() {
        long customer = customers.create("Eve", Map.of(), List.of()).id();
        long call = interactions
                .open(NewInteraction.inboundCall(uniqueId(), null, customer, null))
                .id();
        long chat = interactions
                .open(NewInteraction.inboundMessage(Channel.chat, uniqueId(), customer, null))
                .id();
        long email = interactions
                .open(NewInteraction.inboundMessage(Channel.email, uniqueId(), customer, "Invoice"))
                .id();
        long sms = interactions
                .open(NewInteraction.inboundMessage(Channel.sms, uniqueId(), customer, null))
                .id();

        assertThat(interactions.recentByCustomer(customer, 10))
                .extracting(Interaction::id)
                .containsExactly(sms, email, chat, call);
        assertThat(interactions.recentByCustomer(customer, 2))
                .extracting(Interaction::id)
                .containsExactly(sms, email);
    }

    @Test
    void metadataKeysAreAddedWithoutLosingOthers() {
        Interaction call = interactions.open(new NewInteraction(
                Channel.voice,
                Direction.inbound,
                InteractionState.ivr,
                null,
                uniqueId(),
                null,
                null,
                Map.of("dnid", "100")));

        Interaction updated =
                interactions.putMetadata(call.id(), Map.of("recording", "/var/spool/asterisk/monitor/x.wav"));

        assertThat(updated.metadata())
                .containsEntry("dnid", "100")
                .containsEntry("recording", "/var/spool/asterisk/monitor/x.wav");
    }

    @Test
    void anAnonymousCallerCanBeLinkedToACustomerLater() {
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId(), null, null, null));
        long customer = customers.create("Frank", Map.of(), List.of()).id();

        assertThat(interactions.assignCustomer(call.id(), customer).customerId())
                .isEqualTo(customer);
    }

    @Test
    void theIvrPathIsKeptInOrder() {
        long call = interactions
                .open(NewInteraction.inboundCall(uniqueId(), null, null, null))
                .id();
        OffsetDateTime now = OffsetDateTime.now();

        ivrPaths.append(
                call,
                List.of(
                        new IvrStep(1, null, null, "welcome", "play", null, "next", now),
                        new IvrStep(2, null, null, "main-menu", "menu", "2", "2", now.plusSeconds(4))));
        ivrPaths.append(
                call, List.of(new IvrStep(3, null, null, "to-support", "queue", null, "queued", now.plusSeconds(5))));

        assertThat(ivrPaths.path(call))
                .extracting(IvrStep::nodeId)
                .containsExactly("welcome", "main-menu", "to-support");
        assertThat(ivrPaths.path(call).get(1).input()).isEqualTo("2");
        assertThatThrownBy(() ->
                        ivrPaths.append(call, List.of(new IvrStep(3, null, null, "dup", "play", null, null, now))))
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void serviceLevelCountsTodaysFinishedWaitsInTheirQueueOnly() {
        String queue = "sl-" + UUID.randomUUID();
        long quick = queuedCall(queue);
        interactions.answer(quick, agentId);
        long slow = queuedCall(queue);
        interactions.answer(slow, agentId);
        db.dsl()
                .update(INTERACTION)
                .set(INTERACTION.HOLD_SECONDS, 45)
                .where(INTERACTION.ID.eq(slow))
                .execute();
        interactions.end(queuedCall(queue), InteractionOutcome.abandoned_in_queue);
        queuedCall(queue);
        long yesterday = queuedCall(queue);
        db.dsl()
                .update(INTERACTION)
                .set(INTERACTION.QUEUED_AT, OffsetDateTime.now().minusDays(1))
                .where(INTERACTION.ID.eq(yesterday))
                .execute();
        interactions.end(yesterday, InteractionOutcome.abandoned_in_queue);
        interactions.answer(queuedCall("another-" + queue), agentId);

        ServiceLevel level =
                db.repositories().serviceLevels().since(queue, Instant.now().minus(Duration.ofHours(1)), 20);

        assertThat(level.answeredInTime()).isEqualTo(1);
        assertThat(level.answered()).isEqualTo(2);
        assertThat(level.abandoned()).isEqualTo(1);
        assertThat(level.percent()).isEqualTo(33.3);
        assertThat(db.repositories()
                        .serviceLevels()
                        .since("nobody-" + queue, Instant.EPOCH, 20)
                        .percent())
                .as("no figure over no calls")
                .isNull();
    }

    @Test
    void anAgentServesACustomerOnlyWhileTheirInteractionIsInHand() {
        long customer = customers.create("Served", Map.of(), List.of()).id();
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId(), null, customer, null));
        interactions.queue(call.id(), "support", 0);
        assertThat(interactions.isServing(agentId, customer)).isFalse();

        interactions.offer(call.id(), agentId);
        assertThat(interactions.isServing(agentId, customer)).isTrue();
        interactions.answer(call.id(), agentId);
        interactions.wrapUp(call.id());
        assertThat(interactions.isServing(agentId, customer)).isTrue();

        interactions.end(call.id(), InteractionOutcome.completed);
        assertThat(interactions.isServing(agentId, customer)).isFalse();
    }

    private long queuedCall(String queue) {
        long id = interactions
                .open(NewInteraction.inboundCall(uniqueId(), null, null, null))
                .id();
        interactions.queue(id, queue, 0);
        return id;
    }

    private static String uniqueId() {
        return "1763" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000) + "."
                + System.nanoTime() % 1000;
    }
}

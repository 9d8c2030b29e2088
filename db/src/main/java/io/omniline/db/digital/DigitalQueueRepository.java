package io.omniline.db.digital;

import static io.omniline.db.jooq.Tables.AGENT;
import static io.omniline.db.jooq.Tables.AGENT_DIGITAL_PRESENCE;
import static io.omniline.db.jooq.Tables.AGENT_QUEUE;
import static io.omniline.db.jooq.Tables.INTERACTION;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.InteractionStates;
import io.omniline.db.jooq.tables.records.InteractionRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.impl.DSL;

/**
 * The queue of digital conversations (chat, email, SMS) and the agents signed in to take them.
 * Everything lives in PostgreSQL so any node may route: the presence row of the agent being
 * offered a conversation is locked while its load is counted, so two nodes can never push an
 * agent past their capacity, and waiting conversations are claimed with SKIP LOCKED.
 */
public final class DigitalQueueRepository {

    /** How many waiting conversations one offer looks at (their agents may fill up meanwhile). */
    private static final int SCAN = 50;

    private static final Field<Integer> LOAD = DSL.field(DSL.selectCount()
            .from(INTERACTION)
            .where(INTERACTION
                    .AGENT_ID
                    .eq(AGENT_DIGITAL_PRESENCE.AGENT_ID)
                    .and(INTERACTION.CHANNEL.ne(Channel.voice))
                    .and(InteractionStates.in(InteractionState.offered, InteractionState.active))));

    private final DSLContext dsl;

    public DigitalQueueRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The agent takes digital conversations, at most {@code capacity} at once; signing in again changes it. */
    public void signIn(long agentId, int capacity) {
        if (capacity < 1 || capacity > 50) {
            throw new IllegalArgumentException("capacity must be between 1 and 50, was " + capacity);
        }
        dsl.insertInto(AGENT_DIGITAL_PRESENCE)
                .set(AGENT_DIGITAL_PRESENCE.AGENT_ID, agentId)
                .set(AGENT_DIGITAL_PRESENCE.CAPACITY, capacity)
                .onConflict(AGENT_DIGITAL_PRESENCE.AGENT_ID)
                .doUpdate()
                .set(AGENT_DIGITAL_PRESENCE.CAPACITY, capacity)
                .execute();
    }

    /** How many conversations the agent takes at a time; empty while they take none. */
    public Optional<Integer> capacityOf(long agentId) {
        return dsl.select(AGENT_DIGITAL_PRESENCE.CAPACITY)
                .from(AGENT_DIGITAL_PRESENCE)
                .where(AGENT_DIGITAL_PRESENCE.AGENT_ID.eq(agentId))
                .fetchOptional(AGENT_DIGITAL_PRESENCE.CAPACITY);
    }

    /** No new offers; the conversations the agent holds stay with them until ended or transferred. */
    public void signOut(long agentId) {
        dsl.deleteFrom(AGENT_DIGITAL_PRESENCE)
                .where(AGENT_DIGITAL_PRESENCE.AGENT_ID.eq(agentId))
                .execute();
    }

    /**
     * The agent takes no more work, at once: out of routing, and what was offered to them goes
     * back to its queue; with {@code andServed}, so do the conversations they were serving (an
     * agent who can no longer sign in cannot answer them). Each keeps its place in line.
     *
     * @return the conversations put back in their queue
     */
    public List<Long> withdraw(long agentId, boolean andServed) {
        List<InteractionState> taken = andServed
                ? List.of(InteractionState.offered, InteractionState.active)
                : List.of(InteractionState.offered);
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            tx.deleteFrom(AGENT_DIGITAL_PRESENCE)
                    .where(AGENT_DIGITAL_PRESENCE.AGENT_ID.eq(agentId))
                    .execute();
            return tx.update(INTERACTION)
                    .set(INTERACTION.STATE, InteractionState.queued)
                    .setNull(INTERACTION.AGENT_ID)
                    .set(INTERACTION.QUEUED_AT, DSL.coalesce(INTERACTION.QUEUED_AT, DSL.currentOffsetDateTime()))
                    .where(INTERACTION
                            .AGENT_ID
                            .eq(agentId)
                            .and(INTERACTION.CHANNEL.ne(Channel.voice))
                            .and(INTERACTION.STATE.in(taken)))
                    .returning(INTERACTION.ID)
                    .fetch(INTERACTION.ID);
        });
    }

    /** Conversations the agent holds (offered, active or waiting for their wrap-up), oldest first. */
    /**
     * A conversation an agent holds: offered to them, being served, or in its wrap-up (on
     * interaction_live: {@link InteractionStates}).
     */
    private static final Condition HELD = INTERACTION
            .CHANNEL
            .ne(Channel.voice)
            .and(InteractionStates.in(InteractionState.offered, InteractionState.active, InteractionState.wrap_up));

    /** {@link #heldBy} for every agent at once, by agent id: one query for a whole floor. */
    public Map<Long, List<Interaction>> held() {
        return dsl
                .selectFrom(INTERACTION)
                .where(INTERACTION.AGENT_ID.isNotNull().and(HELD))
                .orderBy(INTERACTION.OFFERED_AT, INTERACTION.ID)
                .fetch(InteractionRepository::interaction)
                .stream()
                .collect(Collectors.groupingBy(Interaction::agentId));
    }

    /** {@link #capacityOf} for every agent taking digital work, by agent id. */
    public Map<Long, Integer> capacities() {
        return dsl.select(AGENT_DIGITAL_PRESENCE.AGENT_ID, AGENT_DIGITAL_PRESENCE.CAPACITY)
                .from(AGENT_DIGITAL_PRESENCE)
                .fetchMap(AGENT_DIGITAL_PRESENCE.AGENT_ID, AGENT_DIGITAL_PRESENCE.CAPACITY);
    }

    public List<Interaction> heldBy(long agentId) {
        return dsl.selectFrom(INTERACTION)
                .where(INTERACTION.AGENT_ID.eq(agentId).and(HELD))
                .orderBy(INTERACTION.OFFERED_AT, INTERACTION.ID)
                .fetch(InteractionRepository::interaction);
    }

    /**
     * Offers the longest-waiting conversation that has a free agent in its queue to the least
     * loaded such agent.
     *
     * @return empty when nothing waits or nobody serving a waiting queue has room
     */
    public Optional<Offer> offerNext() {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            // Nobody free means nothing to do: one cheap query, however long the queue is.
            List<String> servedQueues = tx.selectDistinct(AGENT_QUEUE.QUEUE_NAME)
                    .from(AGENT_DIGITAL_PRESENCE)
                    .join(AGENT)
                    .on(AGENT.ID.eq(AGENT_DIGITAL_PRESENCE.AGENT_ID).and(AGENT.ACTIVE))
                    .join(AGENT_QUEUE)
                    .on(AGENT_QUEUE.AGENT_ID.eq(AGENT_DIGITAL_PRESENCE.AGENT_ID))
                    .where(LOAD.lt(AGENT_DIGITAL_PRESENCE.CAPACITY))
                    .fetch(AGENT_QUEUE.QUEUE_NAME);
            if (servedQueues.isEmpty()) {
                return Optional.empty();
            }
            List<InteractionRecord> waiting = tx.selectFrom(INTERACTION)
                    .where(INTERACTION
                            .STATE
                            .eq(InteractionState.queued)
                            .and(INTERACTION.CHANNEL.ne(Channel.voice))
                            .and(INTERACTION.QUEUE_NAME.in(servedQueues)))
                    .orderBy(INTERACTION.PRIORITY.desc(), INTERACTION.QUEUED_AT, INTERACTION.ID)
                    .limit(SCAN)
                    .forUpdate()
                    .skipLocked()
                    .fetch();
            for (InteractionRecord conversation : waiting) {
                Optional<Long> agent = freeAgent(tx, conversation.getQueueName());
                if (agent.isPresent()) {
                    offer(tx, conversation.getId(), agent.get());
                    return Optional.of(new Offer(
                            conversation.getId(), conversation.getChannel(), conversation.getQueueName(), agent.get()));
                }
            }
            return Optional.empty();
        });
    }

    private Optional<Long> freeAgent(DSLContext tx, String queueName) {
        return tx.select(AGENT_DIGITAL_PRESENCE.AGENT_ID)
                .from(AGENT_DIGITAL_PRESENCE)
                .join(AGENT)
                .on(AGENT.ID.eq(AGENT_DIGITAL_PRESENCE.AGENT_ID).and(AGENT.ACTIVE))
                .join(AGENT_QUEUE)
                .on(AGENT_QUEUE.AGENT_ID.eq(AGENT_DIGITAL_PRESENCE.AGENT_ID).and(AGENT_QUEUE.QUEUE_NAME.eq(queueName)))
                .where(LOAD.lt(AGENT_DIGITAL_PRESENCE.CAPACITY))
                .orderBy(LOAD, AGENT_QUEUE.PENALTY, AGENT_DIGITAL_PRESENCE.SINCE)
                .limit(1)
                .forUpdate()
                .of(AGENT_DIGITAL_PRESENCE)
                .skipLocked()
                .fetchOptional(Record1::value1);
    }

    private static void offer(DSLContext tx, long interactionId, long agentId) {
        tx.update(INTERACTION)
                .set(INTERACTION.STATE, InteractionState.offered)
                .set(INTERACTION.AGENT_ID, agentId)
                .set(INTERACTION.OFFERED_AT, DSL.currentOffsetDateTime())
                .where(INTERACTION.ID.eq(interactionId))
                .execute();
    }

    /** The agent takes a conversation offered to them; anyone else's offer is refused. */
    public Interaction accept(long interactionId, long agentId) {
        return dsl.update(INTERACTION)
                .set(INTERACTION.STATE, InteractionState.active)
                .set(INTERACTION.ANSWERED_AT, DSL.currentOffsetDateTime())
                .set(INTERACTION.HOLD_SECONDS, InteractionRepository.secondsSince(INTERACTION.QUEUED_AT))
                .where(INTERACTION
                        .ID
                        .eq(interactionId)
                        .and(INTERACTION.AGENT_ID.eq(agentId))
                        .and(INTERACTION.STATE.eq(InteractionState.offered)))
                .returning()
                .fetchOptional()
                .map(InteractionRepository::interaction)
                .orElseThrow(() -> notOffered(interactionId, agentId));
    }

    /**
     * Back into a queue, agent cleared: a transfer to another queue, or an offer nobody took.
     * The conversation keeps its place by the time it first queued, so a transfer does not send
     * the customer to the back of the line.
     */
    public Interaction requeue(long interactionId, String queueName) {
        return dsl.update(INTERACTION)
                .set(INTERACTION.STATE, InteractionState.queued)
                .set(INTERACTION.QUEUE_NAME, queueName)
                .setNull(INTERACTION.AGENT_ID)
                .set(INTERACTION.QUEUED_AT, DSL.coalesce(INTERACTION.QUEUED_AT, DSL.currentOffsetDateTime()))
                .where(INTERACTION
                        .ID
                        .eq(interactionId)
                        .and(INTERACTION.STATE.in(
                                InteractionState.offered, InteractionState.active, InteractionState.queued)))
                .returning()
                .fetchOptional()
                .map(InteractionRepository::interaction)
                .orElseThrow(() ->
                        new ConflictException("interaction " + interactionId + " is not waiting or being handled"));
    }

    /**
     * Every queue's waiting and in-progress conversations by channel, in one query over the live
     * interactions (the partial index on state): the wallboard reads it for all queues at once.
     */
    public List<QueueLoad> loads() {
        Condition waiting = InteractionStates.in(InteractionState.queued, InteractionState.offered);
        Field<Integer> waitingCount = DSL.count().filterWhere(waiting).as("waiting");
        Field<Integer> inProgress = DSL.count()
                .filterWhere(InteractionStates.in(InteractionState.active))
                .as("in_progress");
        // Waited by the database's clock, the one that stamped queued_at.
        Field<BigDecimal> longest = DSL.field(
                        "extract(epoch from now() - {0})",
                        BigDecimal.class, DSL.min(INTERACTION.QUEUED_AT).filterWhere(waiting))
                .as("longest");
        return dsl.select(INTERACTION.QUEUE_NAME, INTERACTION.CHANNEL, waitingCount, inProgress, longest)
                .from(INTERACTION)
                .where(InteractionStates.in(InteractionState.queued, InteractionState.offered, InteractionState.active)
                        .and(INTERACTION.CHANNEL.ne(Channel.voice))
                        .and(INTERACTION.QUEUE_NAME.isNotNull()))
                .groupBy(INTERACTION.QUEUE_NAME, INTERACTION.CHANNEL)
                .orderBy(INTERACTION.QUEUE_NAME, INTERACTION.CHANNEL)
                .fetch(row -> new QueueLoad(
                        row.get(INTERACTION.QUEUE_NAME),
                        row.get(INTERACTION.CHANNEL),
                        row.get(waitingCount),
                        row.get(inProgress),
                        row.get(longest) == null
                                ? null
                                : Math.max(0, row.get(longest).intValue())));
    }

    /** Puts offers older than {@code timeout} back in their queue; returns their ids. */
    public List<Long> withdrawStaleOffers(Duration timeout) {
        return dsl.update(INTERACTION)
                .set(INTERACTION.STATE, InteractionState.queued)
                .setNull(INTERACTION.AGENT_ID)
                // The state written into the SQL keeps the generic plan on interaction_live (see HELD).
                .where(INTERACTION
                        .STATE
                        .eq(DSL.inline(InteractionState.offered, INTERACTION.STATE))
                        .and(INTERACTION.CHANNEL.ne(Channel.voice))
                        .and(DSL.condition(
                                "{0} < now() - {1}::interval",
                                INTERACTION.OFFERED_AT, DSL.val(timeout.toMillis() + " milliseconds"))))
                .returning(INTERACTION.ID)
                .fetch(INTERACTION.ID);
    }

    private ConflictException notOffered(long interactionId, long agentId) {
        if (!dsl.fetchExists(INTERACTION, INTERACTION.ID.eq(interactionId))) {
            throw new NotFoundException("interaction", interactionId);
        }
        return new ConflictException("interaction " + interactionId + " is not offered to agent " + agentId);
    }
}

package io.omniline.db.interaction;

import static io.omniline.db.jooq.Tables.AGENT;
import static io.omniline.db.jooq.Tables.INTERACTION;

import io.omniline.db.Json;
import io.omniline.db.NotFoundException;
import io.omniline.db.RenderedStatement;
import io.omniline.db.SqlStates;
import io.omniline.db.jooq.tables.records.InteractionRecord;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Interactions and their life cycle. Which state may follow which is the database's rule
 * (table interaction_transition, enforced by a trigger); a refused move surfaces here as
 * {@link IllegalTransitionException}. Each move stamps its own timestamp once, in the database's
 * clock, so nodes with skewed clocks cannot reorder a call's history.
 */
public final class InteractionRepository {

    /** Metadata key saying how the interaction's customer was identified, when a person or a code did it. */
    public static final String IDENTIFIED_BY = "identified_by";

    private static final Field<Integer> SECONDS_SINCE_ANSWER = secondsSince(INTERACTION.ANSWERED_AT);
    /** After-call work starts when the conversation first ends; a second wrap-up move keeps it. */
    private static final Field<OffsetDateTime> WRAP_UP_STARTS =
            DSL.coalesce(INTERACTION.WRAP_UP_AT, DSL.currentOffsetDateTime());

    private final DSLContext dsl;

    public InteractionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Interaction open(NewInteraction spec) {
        return one(OPEN.fetch(
                        dsl,
                        spec.customerId(),
                        spec.channel(),
                        spec.direction(),
                        spec.initialState(),
                        spec.externalId(),
                        spec.linkedId(),
                        spec.subject(),
                        Json.jsonb(spec.metadata()),
                        spec.initialState()))
                .orElseThrow();
    }

    /*
     * The statements of every call's path, rendered once (see RenderedStatement): what the IVR
     * and the call tracker run for each call.
     */
    private static final RenderedStatement OPEN = RenderedStatement.of(
            DSL.insertInto(INTERACTION)
                    .set(INTERACTION.CUSTOMER_ID, DSL.param(INTERACTION.CUSTOMER_ID))
                    .set(INTERACTION.CHANNEL, DSL.param(INTERACTION.CHANNEL))
                    .set(INTERACTION.DIRECTION, DSL.param(INTERACTION.DIRECTION))
                    .set(INTERACTION.STATE, DSL.param(INTERACTION.STATE))
                    .set(INTERACTION.EXTERNAL_ID, DSL.param(INTERACTION.EXTERNAL_ID))
                    .set(INTERACTION.LINKED_ID, DSL.param(INTERACTION.LINKED_ID))
                    .set(INTERACTION.SUBJECT, DSL.param(INTERACTION.SUBJECT))
                    .set(INTERACTION.METADATA, DSL.param(INTERACTION.METADATA))
                    .set(
                            INTERACTION.QUEUED_AT,
                            DSL.when(
                                    DSL.param(INTERACTION.STATE)
                                            .eq(DSL.inline(InteractionState.queued, INTERACTION.STATE)),
                                    DSL.currentOffsetDateTime()))
                    .returning(),
            INTERACTION.fields());

    private static final RenderedStatement BY_ID = RenderedStatement.of(
            DSL.selectFrom(INTERACTION).where(INTERACTION.ID.eq(DSL.param(INTERACTION.ID))), INTERACTION.fields());

    private static final RenderedStatement BY_EXTERNAL_ID = RenderedStatement.of(
            DSL.selectFrom(INTERACTION)
                    .where(INTERACTION
                            .CHANNEL
                            .eq(DSL.param(INTERACTION.CHANNEL))
                            .and(INTERACTION.EXTERNAL_ID.eq(DSL.param(INTERACTION.EXTERNAL_ID)))),
            INTERACTION.fields());

    private static final RenderedStatement QUEUE_FROM_IVR = queueFromIvrStatement();

    private static final RenderedStatement OFFER_IF_QUEUED = RenderedStatement.of(
            DSL.update(INTERACTION)
                    .set(INTERACTION.STATE, DSL.inline(InteractionState.offered, INTERACTION.STATE))
                    .set(INTERACTION.AGENT_ID, AGENT.ID)
                    .set(INTERACTION.OFFERED_AT, DSL.currentOffsetDateTime())
                    .from(AGENT)
                    .where(INTERACTION
                            .ID
                            .eq(DSL.param(INTERACTION.ID))
                            .and(INTERACTION.STATE.eq(DSL.inline(InteractionState.queued, INTERACTION.STATE)))
                            .and(AGENT.SIP_INTERFACE.eq(DSL.param(AGENT.SIP_INTERFACE))))
                    .returning(),
            INTERACTION.fields());

    /** {@link #endIfIn}'s statement for each set of states it is asked with (a handful, one per call site). */
    private static final Map<Set<InteractionState>, RenderedStatement> END_IF_IN = new ConcurrentHashMap<>();

    private static Optional<Interaction> one(Result<Record> rows) {
        return rows.isEmpty()
                ? Optional.empty()
                : Optional.of(interaction(rows.get(0).into(INTERACTION)));
    }

    public Optional<Interaction> findById(long id) {
        return one(BY_ID.fetch(dsl, id));
    }

    public Optional<Interaction> findByExternalId(Channel channel, String externalId) {
        return one(BY_EXTERNAL_ID.fetch(dsl, channel, externalId));
    }

    /** The phone call an agent is ringing with, talking on or wrapping up, if any; the newest wins. */
    public Optional<Interaction> liveCallOf(long agentId) {
        return dsl.selectFrom(INTERACTION)
                .where(INTERACTION.AGENT_ID.eq(agentId).and(LIVE_CALL))
                .orderBy(INTERACTION.OFFERED_AT.desc().nullsLast(), INTERACTION.ID.desc())
                .limit(1)
                .fetchOptional(InteractionRepository::interaction);
    }

    /**
     * A phone call an agent is ringing with, talking on or wrapping up (on interaction_live:
     * {@link InteractionStates}).
     */
    private static final Condition LIVE_CALL = INTERACTION
            .CHANNEL
            .eq(Channel.voice)
            .and(InteractionStates.in(InteractionState.offered, InteractionState.active, InteractionState.wrap_up));

    /** {@link #liveCallOf} for every agent at once, by agent id: one query for a whole floor. */
    public Map<Long, Interaction> liveCalls() {
        Map<Long, Interaction> calls = new HashMap<>();
        dsl.selectFrom(INTERACTION)
                .where(INTERACTION.AGENT_ID.isNotNull().and(LIVE_CALL))
                .orderBy(INTERACTION.OFFERED_AT.desc().nullsLast(), INTERACTION.ID.desc())
                .fetch(InteractionRepository::interaction)
                .forEach(call -> calls.putIfAbsent(call.agentId(), call));
        return calls;
    }

    /**
     * Whether the agent has this customer in hand right now (a call ringing or on, a wrap-up, a
     * conversation offered or taken): the only time an agent may read the customer's history.
     */
    public boolean isServing(long agentId, long customerId) {
        return dsl.fetchExists(
                INTERACTION,
                INTERACTION
                        .AGENT_ID
                        .eq(agentId)
                        .and(INTERACTION.CUSTOMER_ID.eq(customerId))
                        .and(INTERACTION.STATE.in(
                                InteractionState.offered, InteractionState.active, InteractionState.wrap_up)));
    }

    /** A customer's latest interactions on every channel, newest first. */
    public List<Interaction> recentByCustomer(long customerId, int limit) {
        return dsl.selectFrom(INTERACTION)
                .where(INTERACTION.CUSTOMER_ID.eq(customerId))
                .orderBy(INTERACTION.STARTED_AT.desc(), INTERACTION.ID.desc())
                .limit(limit)
                .fetch(InteractionRepository::interaction);
    }

    /** Links an interaction that started anonymous (an unknown caller) to its customer. */
    public Interaction assignCustomer(long id, long customerId) {
        return update(id, Map.of(INTERACTION.CUSTOMER_ID, customerId));
    }

    /** Waiting for an agent in a queue; also the move back to waiting after an unanswered ring. */
    public Interaction queue(long id, String queueName, int priority) {
        return update(
                id,
                Map.of(
                        INTERACTION.STATE,
                        InteractionState.queued,
                        INTERACTION.QUEUE_NAME,
                        queueName,
                        INTERACTION.PRIORITY,
                        priority,
                        INTERACTION.QUEUED_AT,
                        DSL.coalesce(INTERACTION.QUEUED_AT, DSL.currentOffsetDateTime())));
    }

    /**
     * The IVR's hand-on to a queue, which can be stored after Asterisk has already moved the call
     * on (a record late behind a slow database): the state moves to queued only from the IVR, so a
     * call that AMI saw answered or ended keeps that state; the queue and priority the flow chose
     * are stored in any case, the queue only where AMI has not named one.
     *
     * @throws NotFoundException when there is no such interaction
     */
    public Interaction queueFromIvr(long id, String queueName, int priority) {
        return transition(() -> one(QUEUE_FROM_IVR.fetch(dsl, queueName, queueName, priority, id)))
                .orElseThrow(() -> new NotFoundException("interaction", id));
    }

    private static RenderedStatement queueFromIvrStatement() {
        Condition inIvr = INTERACTION.STATE.eq(DSL.inline(InteractionState.ivr, INTERACTION.STATE));
        return RenderedStatement.of(
                DSL.update(INTERACTION)
                        .set(
                                INTERACTION.STATE,
                                DSL.when(inIvr, DSL.inline(InteractionState.queued, INTERACTION.STATE))
                                        .otherwise(INTERACTION.STATE))
                        .set(
                                INTERACTION.QUEUE_NAME,
                                DSL.when(inIvr, DSL.param(INTERACTION.QUEUE_NAME))
                                        .otherwise(DSL.coalesce(
                                                INTERACTION.QUEUE_NAME, DSL.param(INTERACTION.QUEUE_NAME))))
                        .set(INTERACTION.PRIORITY, DSL.param(INTERACTION.PRIORITY))
                        .set(
                                INTERACTION.QUEUED_AT,
                                DSL.when(inIvr, DSL.coalesce(INTERACTION.QUEUED_AT, DSL.currentOffsetDateTime()))
                                        .otherwise(INTERACTION.QUEUED_AT))
                        .where(INTERACTION.ID.eq(DSL.param(INTERACTION.ID)))
                        .returning(),
                INTERACTION.fields());
    }

    /**
     * The first ring of a call still waiting in its queue, to the agent whose phone is
     * {@code sipInterface}, in one statement (the agent is found in it): a call already ringing
     * another agent, answered or gone, or a member Omniline does not know, leaves it as it is.
     */
    public Optional<Interaction> offerIfQueued(long id, String sipInterface) {
        return one(OFFER_IF_QUEUED.fetch(dsl, id, sipInterface));
    }

    /** Ringing an agent (or a chat offered to one). */
    public Interaction offer(long id, long agentId) {
        return update(
                id,
                Map.of(
                        INTERACTION.STATE,
                        InteractionState.offered,
                        INTERACTION.AGENT_ID,
                        agentId,
                        INTERACTION.OFFERED_AT,
                        DSL.currentOffsetDateTime()));
    }

    /** The agent took it; hold time is how long the customer waited since joining the queue. */
    public Interaction answer(long id, long agentId) {
        return update(
                id,
                Map.of(
                        INTERACTION.STATE,
                        InteractionState.active,
                        INTERACTION.AGENT_ID,
                        agentId,
                        INTERACTION.ANSWERED_AT,
                        DSL.currentOffsetDateTime(),
                        INTERACTION.HOLD_SECONDS,
                        DSL.coalesce(secondsSince(INTERACTION.QUEUED_AT), DSL.inline(0))));
    }

    /**
     * A queued call answered, with the hold time Asterisk measured (AgentConnect's HoldTime).
     *
     * @param agentId null when the member who answered is not an Omniline agent
     */
    public Interaction answerCall(long id, Long agentId, int holdSeconds) {
        Map<Field<?>, Object> changes = new HashMap<>();
        changes.put(INTERACTION.STATE, InteractionState.active);
        changes.put(INTERACTION.AGENT_ID, agentId);
        changes.put(INTERACTION.ANSWERED_AT, DSL.currentOffsetDateTime());
        changes.put(INTERACTION.HOLD_SECONDS, holdSeconds);
        return update(id, changes);
    }

    /**
     * The call's conversation is over; its agent writes it up.
     *
     * @param talkSeconds Asterisk's TalkTime, or null when Omniline did not see it (yet)
     */
    public Interaction wrapUpCall(long id, Integer talkSeconds) {
        Map<Field<?>, Object> changes = new HashMap<>();
        changes.put(INTERACTION.STATE, InteractionState.wrap_up);
        changes.put(INTERACTION.TALK_SECONDS, talkSeconds);
        changes.put(INTERACTION.WRAP_UP_AT, WRAP_UP_STARTS);
        return update(id, changes);
    }

    /**
     * Asterisk's own hold and talk times, whatever state the interaction has reached meanwhile.
     *
     * @param talkSeconds null leaves the talk time as it is (a call nobody answered has none)
     */
    public Interaction recordCallTimes(long id, int holdSeconds, Integer talkSeconds) {
        Map<Field<?>, Object> changes = new HashMap<>();
        changes.put(INTERACTION.HOLD_SECONDS, holdSeconds);
        if (talkSeconds != null) {
            changes.put(INTERACTION.TALK_SECONDS, talkSeconds);
        }
        return update(id, changes);
    }

    /**
     * Ends the interaction only while it is in one of {@code from}: someone else (the IVR, the
     * agent's wrap-up) may have moved it meanwhile, and their word stands.
     *
     * @return the ended interaction, or empty when it was no longer in one of {@code from}
     */
    public Optional<Interaction> endIfIn(long id, Set<InteractionState> from, InteractionOutcome outcome) {
        RenderedStatement end = END_IF_IN.computeIfAbsent(Set.copyOf(from), InteractionRepository::endIfInStatement);
        return one(end.fetch(dsl, outcome, id));
    }

    private static RenderedStatement endIfInStatement(Set<InteractionState> from) {
        return RenderedStatement.of(
                DSL.update(INTERACTION)
                        .set(INTERACTION.STATE, DSL.inline(InteractionState.ended, INTERACTION.STATE))
                        .set(INTERACTION.OUTCOME, DSL.param(INTERACTION.OUTCOME))
                        .set(INTERACTION.ENDED_AT, DSL.currentOffsetDateTime())
                        .where(INTERACTION
                                .ID
                                .eq(DSL.param(INTERACTION.ID))
                                .and(INTERACTION.STATE.in(from.stream()
                                        .sorted()
                                        .map(state -> DSL.inline(state, INTERACTION.STATE))
                                        .toList())))
                        .returning(),
                INTERACTION.fields());
    }

    /** Runs a move; a move the database's transition rule refuses is {@link IllegalTransitionException}. */
    private static Optional<Interaction> transition(Supplier<Optional<Interaction>> move) {
        try {
            return move.get();
        } catch (DataAccessException e) {
            if (SqlStates.is(e, SqlStates.ILLEGAL_TRANSITION)) {
                throw new IllegalTransitionException(SqlStates.serverMessage(e), e);
            }
            throw e;
        }
    }

    /**
     * The queue gave up and the dialplan sends the caller back into the IVR (a queue node's
     * onTimeout), only while the call is still waiting or ringing.
     */
    public Optional<Interaction> backToIvrIfWaiting(long id) {
        return dsl.update(INTERACTION)
                .set(INTERACTION.STATE, InteractionState.ivr)
                .where(INTERACTION
                        .ID
                        .eq(id)
                        .and(INTERACTION.STATE.in(InteractionState.queued, InteractionState.offered)))
                .returning()
                .fetchOptional()
                .map(InteractionRepository::interaction);
    }

    /** The voice calls Omniline is following now: in the IVR, waiting, ringing or being talked on. */
    public List<Interaction> openCalls() {
        return dsl.selectFrom(INTERACTION)
                .where(INTERACTION
                        .CHANNEL
                        .eq(Channel.voice)
                        .and(InteractionStates.in(
                                InteractionState.ivr,
                                InteractionState.queued,
                                InteractionState.offered,
                                InteractionState.active))
                        .and(INTERACTION.EXTERNAL_ID.isNotNull()))
                .fetch(InteractionRepository::interaction);
    }

    /** The conversation is over; the agent writes it up. Talk time stops now. */
    public Interaction wrapUp(long id) {
        return update(
                id,
                Map.of(
                        INTERACTION.STATE, InteractionState.wrap_up,
                        INTERACTION.TALK_SECONDS, SECONDS_SINCE_ANSWER,
                        INTERACTION.WRAP_UP_AT, WRAP_UP_STARTS));
    }

    /** Adds or replaces metadata keys (a recording file, a transfer target) without touching the rest. */
    public Interaction putMetadata(long id, Map<String, ?> values) {
        return update(
                id,
                Map.of(
                        INTERACTION.METADATA,
                        DSL.field(
                                "{0} || {1}",
                                INTERACTION.METADATA.getDataType(), INTERACTION.METADATA, Json.jsonb(values))));
    }

    public Interaction recordDisposition(long id, String disposition, String notes) {
        return update(id, Map.of(INTERACTION.DISPOSITION, disposition, INTERACTION.NOTES, notes == null ? "" : notes));
    }

    /** Final: stamps the end time and outcome; talk time is kept if wrap-up already fixed it. */
    public Interaction end(long id, InteractionOutcome outcome) {
        return update(
                id,
                Map.of(
                        INTERACTION.STATE,
                        InteractionState.ended,
                        INTERACTION.OUTCOME,
                        outcome,
                        INTERACTION.ENDED_AT,
                        DSL.currentOffsetDateTime(),
                        INTERACTION.TALK_SECONDS,
                        DSL.coalesce(INTERACTION.TALK_SECONDS, SECONDS_SINCE_ANSWER)));
    }

    private Interaction update(long id, Map<Field<?>, Object> changes) {
        return transition(() -> dsl.update(INTERACTION)
                        .set(changes)
                        .where(INTERACTION.ID.eq(id))
                        .returning()
                        .fetchOptional()
                        .map(InteractionRepository::interaction))
                .orElseThrow(() -> new NotFoundException("interaction", id));
    }

    /** Whole seconds from {@code start} to now, in the database's clock. */
    public static Field<Integer> secondsSince(Field<?> start) {
        return DSL.field("floor(extract(epoch from (now() - {0})))::int", Integer.class, start);
    }

    public static Interaction interaction(InteractionRecord row) {
        return new Interaction(
                row.getId(),
                row.getCustomerId(),
                row.getChannel(),
                row.getDirection(),
                row.getState(),
                row.getOutcome(),
                row.getQueueName(),
                row.getPriority(),
                row.getAgentId(),
                row.getExternalId(),
                row.getLinkedId(),
                row.getSubject(),
                row.getStartedAt(),
                row.getQueuedAt(),
                row.getOfferedAt(),
                row.getAnsweredAt(),
                row.getEndedAt(),
                row.getHoldSeconds(),
                row.getTalkSeconds(),
                row.getDisposition(),
                row.getNotes(),
                Json.map(row.getMetadata()));
    }
}

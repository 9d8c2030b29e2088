package io.omniline.db.callback;

import static io.omniline.db.jooq.Tables.CALLBACK_REQUEST;
import static io.omniline.db.jooq.Tables.INTERACTION;

import io.omniline.db.Json;
import io.omniline.db.SqlStates;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.jooq.tables.records.CallbackRequestRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Callback requests and their life cycle. A placement is claimed with {@code FOR UPDATE SKIP
 * LOCKED}, so two nodes never take the same request, and one agent phone carries one placement at
 * a time (a unique index), whichever node placed it. Every later step names the placement it is
 * about and applies only while that placement is still under way, so a step repeated after a
 * database failure, or reported by two nodes that both hear Asterisk, counts once. The call the
 * caller asked in follows: its outcome moves from callback_requested to callback_completed or
 * callback_failed, and its metadata says where the callback stands.
 */
public final class CallbackRepository {

    private static final List<CallbackState> PLACING =
            List.of(CallbackState.calling_agent, CallbackState.calling_customer);

    private final DSLContext dsl;

    public CallbackRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Files the request of the call {@code interactionId}; asking twice in one call files it once.
     *
     * @param number E.164, checked by the caller of this (the database refuses anything else too)
     */
    public CallbackRequest request(
            long interactionId, Long customerId, String number, String queue, int maxAttempts, Instant now) {
        dsl.insertInto(CALLBACK_REQUEST)
                .set(CALLBACK_REQUEST.INTERACTION_ID, interactionId)
                .set(CALLBACK_REQUEST.CUSTOMER_ID, customerId)
                .set(CALLBACK_REQUEST.NUMBER, number)
                .set(CALLBACK_REQUEST.QUEUE_NAME, queue)
                .set(CALLBACK_REQUEST.MAX_ATTEMPTS, maxAttempts)
                .set(CALLBACK_REQUEST.REQUESTED_AT, at(now))
                .set(CALLBACK_REQUEST.NEXT_ATTEMPT_AT, at(now))
                .onConflict(CALLBACK_REQUEST.INTERACTION_ID)
                .doNothing()
                .execute();
        return dsl.selectFrom(CALLBACK_REQUEST)
                .where(CALLBACK_REQUEST.INTERACTION_ID.eq(interactionId))
                .fetchSingle(CallbackRepository::request);
    }

    public Optional<CallbackRequest> findById(long id) {
        return dsl.selectFrom(CALLBACK_REQUEST)
                .where(CALLBACK_REQUEST.ID.eq(id))
                .fetchOptional(CallbackRepository::request);
    }

    /** The queues that have a request due now. */
    public List<String> queuesDue(Instant now) {
        return dsl.selectDistinct(CALLBACK_REQUEST.QUEUE_NAME)
                .from(CALLBACK_REQUEST)
                .where(CALLBACK_REQUEST
                        .STATE
                        .eq(CallbackState.waiting)
                        .and(CALLBACK_REQUEST.NEXT_ATTEMPT_AT.le(at(now))))
                .fetch(CALLBACK_REQUEST.QUEUE_NAME);
    }

    /**
     * Takes the oldest request of {@code queue} that is due, for the agent behind
     * {@code agentInterface}: empty when none is due, another node holds it, or that phone already
     * carries a placement.
     */
    public Optional<CallbackRequest> claim(
            String queue, String agentInterface, Long agentId, Instant now, Instant placedUntil) {
        try {
            return dsl.transactionResult(config -> {
                DSLContext tx = DSL.using(config);
                Optional<CallbackRequestRecord> due = tx.selectFrom(CALLBACK_REQUEST)
                        .where(CALLBACK_REQUEST
                                .STATE
                                .eq(CallbackState.waiting)
                                .and(CALLBACK_REQUEST.QUEUE_NAME.eq(queue))
                                .and(CALLBACK_REQUEST.NEXT_ATTEMPT_AT.le(at(now))))
                        .orderBy(CALLBACK_REQUEST.NEXT_ATTEMPT_AT, CALLBACK_REQUEST.ID)
                        .limit(1)
                        .forUpdate()
                        .skipLocked()
                        .fetchOptional();
                if (due.isEmpty()) {
                    return Optional.<CallbackRequest>empty();
                }
                return Optional.of(tx.update(CALLBACK_REQUEST)
                        .set(CALLBACK_REQUEST.STATE, CallbackState.calling_agent)
                        .set(CALLBACK_REQUEST.AGENT_INTERFACE, agentInterface)
                        .set(CALLBACK_REQUEST.AGENT_ID, agentId)
                        .set(CALLBACK_REQUEST.CHANNEL_ID, (String) null)
                        .set(CALLBACK_REQUEST.PLACEMENT, CALLBACK_REQUEST.PLACEMENT.plus(1))
                        .set(CALLBACK_REQUEST.PLACED_UNTIL, at(placedUntil))
                        .set(CALLBACK_REQUEST.UPDATED_AT, DSL.currentOffsetDateTime())
                        .where(CALLBACK_REQUEST.ID.eq(due.get().getId()))
                        .returning()
                        .fetchSingle(CallbackRepository::request));
            });
        } catch (DataAccessException e) {
            if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The agent answered; Asterisk now dials the customer from the agent's channel {@code channelId}. */
    public Optional<CallbackRequest> agentAnswered(long id, int placement, String channelId) {
        return dsl.update(CALLBACK_REQUEST)
                .set(CALLBACK_REQUEST.STATE, CallbackState.calling_customer)
                .set(CALLBACK_REQUEST.CHANNEL_ID, channelId)
                .set(CALLBACK_REQUEST.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(CALLBACK_REQUEST
                        .ID
                        .eq(id)
                        .and(CALLBACK_REQUEST.PLACEMENT.eq(placement))
                        .and(CALLBACK_REQUEST.STATE.eq(CallbackState.calling_agent)))
                .returning()
                .fetchOptional(CallbackRepository::request);
    }

    /** The customer answered: done, and the call they asked in says so. */
    public Optional<CallbackRequest> completed(long id, int placement) {
        return dsl.transactionResult(config -> {
            DSLContext tx = DSL.using(config);
            Optional<CallbackRequest> done = tx.update(CALLBACK_REQUEST)
                    .set(CALLBACK_REQUEST.STATE, CallbackState.completed)
                    .set(CALLBACK_REQUEST.ATTEMPTS, CALLBACK_REQUEST.ATTEMPTS.plus(1))
                    .set(CALLBACK_REQUEST.LAST_RESULT, "answered")
                    .set(CALLBACK_REQUEST.AGENT_INTERFACE, (String) null)
                    .set(CALLBACK_REQUEST.PLACED_UNTIL, (OffsetDateTime) null)
                    .set(CALLBACK_REQUEST.UPDATED_AT, DSL.currentOffsetDateTime())
                    .where(CALLBACK_REQUEST
                            .ID
                            .eq(id)
                            .and(CALLBACK_REQUEST.PLACEMENT.eq(placement))
                            .and(CALLBACK_REQUEST.STATE.in(PLACING)))
                    .returning()
                    .fetchOptional(CallbackRepository::request);
            done.ifPresent(request -> settle(tx, request, InteractionOutcome.callback_completed));
            return done;
        });
    }

    /**
     * The placement ended without the customer answering. When the customer's phone was called it
     * counts as an attempt; the request waits for its next try (when {@code retryAfter}, given the
     * attempts so far, says), or fails once the attempts are used up.
     *
     * @param retryAfter the next try's time, given the attempts made (after this one)
     */
    public Optional<CallbackRequest> placementEnded(
            long id, int placement, String result, boolean customerCalled, IntFunction<Instant> retryAfter) {
        return dsl.transactionResult(config -> {
            DSLContext tx = DSL.using(config);
            Optional<CallbackRequestRecord> placing = tx.selectFrom(CALLBACK_REQUEST)
                    .where(CALLBACK_REQUEST
                            .ID
                            .eq(id)
                            .and(CALLBACK_REQUEST.PLACEMENT.eq(placement))
                            .and(CALLBACK_REQUEST.STATE.in(PLACING)))
                    .forUpdate()
                    .fetchOptional();
            if (placing.isEmpty()) {
                return Optional.<CallbackRequest>empty();
            }
            int attempts = placing.get().getAttempts() + (customerCalled ? 1 : 0);
            boolean usedUp = attempts >= placing.get().getMaxAttempts();
            CallbackRequest ended = tx.update(CALLBACK_REQUEST)
                    .set(CALLBACK_REQUEST.STATE, usedUp ? CallbackState.failed : CallbackState.waiting)
                    .set(CALLBACK_REQUEST.ATTEMPTS, attempts)
                    .set(CALLBACK_REQUEST.LAST_RESULT, result)
                    .set(
                            CALLBACK_REQUEST.NEXT_ATTEMPT_AT,
                            usedUp ? placing.get().getNextAttemptAt() : at(retryAfter.apply(attempts)))
                    .set(CALLBACK_REQUEST.AGENT_INTERFACE, (String) null)
                    .set(CALLBACK_REQUEST.PLACED_UNTIL, (OffsetDateTime) null)
                    .set(CALLBACK_REQUEST.UPDATED_AT, DSL.currentOffsetDateTime())
                    .where(CALLBACK_REQUEST.ID.eq(id))
                    .returning()
                    .fetchSingle(CallbackRepository::request);
            settle(tx, ended, usedUp ? InteractionOutcome.callback_failed : null);
            return Optional.of(ended);
        });
    }

    /** Placements whose time is up with no word from Asterisk (a node that stopped, events lost). */
    public List<CallbackRequest> overdue(Instant now) {
        return dsl.selectFrom(CALLBACK_REQUEST)
                .where(CALLBACK_REQUEST.STATE.in(PLACING).and(CALLBACK_REQUEST.PLACED_UNTIL.lt(at(now))))
                .fetch(CallbackRepository::request);
    }

    /** Placements under way (a node that starts takes up following them). */
    public List<CallbackRequest> placing() {
        return dsl.selectFrom(CALLBACK_REQUEST)
                .where(CALLBACK_REQUEST.STATE.in(PLACING))
                .fetch(CallbackRepository::request);
    }

    /**
     * What agents and supervisors see: every open request, then those finished lately, newest first.
     *
     * @param queues only these queues, or null for all
     */
    public List<CallbackRequest> list(Collection<String> queues, int finished) {
        var inQueues = queues == null ? DSL.noCondition() : CALLBACK_REQUEST.QUEUE_NAME.in(queues);
        List<CallbackRequest> open = dsl.selectFrom(CALLBACK_REQUEST)
                .where(inQueues.and(CALLBACK_REQUEST.STATE.notIn(CallbackState.completed, CallbackState.failed)))
                .orderBy(CALLBACK_REQUEST.REQUESTED_AT, CALLBACK_REQUEST.ID)
                .fetch(CallbackRepository::request);
        List<CallbackRequest> done = dsl.selectFrom(CALLBACK_REQUEST)
                .where(inQueues.and(CALLBACK_REQUEST.STATE.in(CallbackState.completed, CallbackState.failed)))
                .orderBy(CALLBACK_REQUEST.UPDATED_AT.desc(), CALLBACK_REQUEST.ID.desc())
                .limit(finished)
                .fetch(CallbackRepository::request);
        return java.util.stream.Stream.concat(open.stream(), done.stream()).toList();
    }

    /** The asking call's metadata follows the request; its outcome too once the request is settled. */
    private static void settle(DSLContext tx, CallbackRequest request, InteractionOutcome outcome) {
        Map<String, Object> callback = Map.of(
                "callback",
                Map.of(
                        "id",
                        request.id(),
                        "state",
                        request.state().getLiteral(),
                        "attempts",
                        request.attempts(),
                        "lastResult",
                        request.lastResult() == null ? "" : request.lastResult()));
        var update = tx.update(INTERACTION)
                .set(
                        INTERACTION.METADATA,
                        DSL.field(
                                "{0} || {1}",
                                INTERACTION.METADATA.getDataType(), INTERACTION.METADATA, Json.jsonb(callback)));
        if (outcome != null) {
            update.set(INTERACTION.OUTCOME, outcome)
                    .where(INTERACTION.ID.eq(request.interactionId()).and(INTERACTION.STATE.eq(InteractionState.ended)))
                    .execute();
        } else {
            update.where(INTERACTION.ID.eq(request.interactionId())).execute();
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static CallbackRequest request(CallbackRequestRecord row) {
        return new CallbackRequest(
                row.getId(),
                row.getInteractionId(),
                row.getCustomerId(),
                row.getNumber(),
                row.getQueueName(),
                row.getState(),
                row.getRequestedAt(),
                row.getNextAttemptAt(),
                row.getAttempts(),
                row.getMaxAttempts(),
                row.getLastResult(),
                row.getAgentInterface(),
                row.getAgentId(),
                row.getChannelId(),
                row.getPlacement(),
                row.getPlacedUntil());
    }
}

package io.omniline.server.reports;

import static io.omniline.db.jooq.Tables.CSAT_SURVEY;
import static io.omniline.db.jooq.Tables.INTERACTION;

import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Direction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionState;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/**
 * Finished contacts written as a history import writes them (the state machine's trigger is off
 * for the transaction), with every time given, so each measure can be checked by hand.
 */
final class HandMadeContacts {

    private final DSLContext dsl;
    private final ZoneId zone;

    HandMadeContacts(DSLContext dsl, ZoneId zone) {
        this.dsl = dsl;
        this.zone = zone;
    }

    /** A contact's shape; times are seconds after {@code start} (null: never). */
    record Contact(
            Channel channel,
            String queue,
            Long agentId,
            Long customerId,
            LocalDateTime start,
            Integer queuedAfter,
            Integer waitSeconds,
            Integer talkSeconds,
            Integer afterCallWorkSeconds,
            InteractionOutcome outcome,
            String disposition) {

        static Contact call(LocalDateTime start) {
            return new Contact(
                    Channel.voice, null, null, null, start, null, null, null, null, InteractionOutcome.completed, null);
        }

        Contact on(Channel value) {
            return new Contact(
                    value,
                    queue,
                    agentId,
                    customerId,
                    start,
                    queuedAfter,
                    waitSeconds,
                    talkSeconds,
                    afterCallWorkSeconds,
                    outcome,
                    disposition);
        }

        Contact queued(String value, int afterSeconds) {
            return new Contact(
                    channel,
                    value,
                    agentId,
                    customerId,
                    start,
                    afterSeconds,
                    waitSeconds,
                    talkSeconds,
                    afterCallWorkSeconds,
                    outcome,
                    disposition);
        }

        Contact answered(long agent, int wait, int talk, int afterCallWork) {
            return new Contact(
                    channel,
                    queue,
                    agent,
                    customerId,
                    start,
                    queuedAfter,
                    wait,
                    talk,
                    afterCallWork,
                    outcome,
                    disposition);
        }

        Contact abandoned(int wait) {
            return new Contact(
                    channel,
                    queue,
                    agentId,
                    customerId,
                    start,
                    queuedAfter,
                    wait,
                    null,
                    null,
                    InteractionOutcome.abandoned_in_queue,
                    disposition);
        }

        Contact of(long customer) {
            return new Contact(
                    channel,
                    queue,
                    agentId,
                    customer,
                    start,
                    queuedAfter,
                    waitSeconds,
                    talkSeconds,
                    afterCallWorkSeconds,
                    outcome,
                    disposition);
        }

        Contact ended(InteractionOutcome value) {
            return new Contact(
                    channel,
                    queue,
                    agentId,
                    customerId,
                    start,
                    queuedAfter,
                    waitSeconds,
                    talkSeconds,
                    afterCallWorkSeconds,
                    value,
                    disposition);
        }

        Contact disposition(String value) {
            return new Contact(
                    channel,
                    queue,
                    agentId,
                    customerId,
                    start,
                    queuedAfter,
                    waitSeconds,
                    talkSeconds,
                    afterCallWorkSeconds,
                    outcome,
                    value);
        }
    }

    long add(Contact contact) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            tx.execute("SELECT set_config('omniline.import', 'on', true)");
            Instant start = contact.start().atZone(zone).toInstant();
            Instant queued = contact.queuedAfter() == null ? null : start.plusSeconds(contact.queuedAfter());
            Instant answered = contact.talkSeconds() == null ? null : queued.plusSeconds(contact.waitSeconds());
            Instant wrapUp = answered == null ? null : answered.plusSeconds(contact.talkSeconds());
            Instant end = wrapUp != null
                    ? wrapUp.plusSeconds(contact.afterCallWorkSeconds())
                    : queued != null ? queued.plusSeconds(contact.waitSeconds()) : start.plusSeconds(30);
            boolean voiceWait = contact.channel() == Channel.voice && contact.waitSeconds() != null;
            return tx.insertInto(INTERACTION)
                    .set(INTERACTION.CHANNEL, contact.channel())
                    .set(INTERACTION.DIRECTION, Direction.inbound)
                    .set(INTERACTION.STATE, InteractionState.ended)
                    .set(INTERACTION.OUTCOME, contact.outcome())
                    .set(INTERACTION.QUEUE_NAME, contact.queue())
                    .set(INTERACTION.AGENT_ID, contact.agentId())
                    .set(INTERACTION.CUSTOMER_ID, contact.customerId())
                    .set(INTERACTION.STARTED_AT, at(start))
                    .set(INTERACTION.QUEUED_AT, at(queued))
                    .set(INTERACTION.ANSWERED_AT, at(answered))
                    .set(INTERACTION.WRAP_UP_AT, at(wrapUp))
                    .set(INTERACTION.ENDED_AT, at(end))
                    .set(INTERACTION.HOLD_SECONDS, voiceWait ? contact.waitSeconds() : null)
                    .set(INTERACTION.TALK_SECONDS, contact.talkSeconds())
                    .set(INTERACTION.DISPOSITION, contact.disposition())
                    .returning(INTERACTION.ID)
                    .fetchSingle(INTERACTION.ID);
        });
    }

    /** A survey offered after the contact, answered with {@code score} (null: never answered). */
    void survey(long interactionId, String via, Integer score) {
        OffsetDateTime offered = dsl.select(INTERACTION.ENDED_AT)
                .from(INTERACTION)
                .where(INTERACTION.ID.eq(interactionId))
                .fetchSingle(INTERACTION.ENDED_AT);
        dsl.insertInto(CSAT_SURVEY)
                .set(CSAT_SURVEY.INTERACTION_ID, interactionId)
                .set(CSAT_SURVEY.VIA, via)
                .set(CSAT_SURVEY.OFFERED_AT, offered)
                .set(CSAT_SURVEY.SCORE, score == null ? null : score.shortValue())
                .set(CSAT_SURVEY.ANSWERED_AT, score == null ? null : offered.plusMinutes(1))
                .execute();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}

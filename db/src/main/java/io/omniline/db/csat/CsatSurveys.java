package io.omniline.db.csat;

import static io.omniline.db.jooq.Tables.CSAT_SURVEY;
import static io.omniline.db.jooq.Tables.INTERACTION;

import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionRepository;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Satisfaction surveys after contacts: offered once per interaction, answered once (the first
 * answer stands). The answer is also put on the interaction's metadata ({@code csat}), so the
 * customer's timeline and the next agent's pop show it with the contact.
 */
public final class CsatSurveys {

    private final DSLContext dsl;

    public CsatSurveys(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The survey was put to the customer on {@code via}; a second offer changes nothing. */
    public void offer(long interactionId, String via, Instant at) {
        dsl.insertInto(CSAT_SURVEY)
                .set(CSAT_SURVEY.INTERACTION_ID, interactionId)
                .set(CSAT_SURVEY.VIA, via)
                .set(CSAT_SURVEY.OFFERED_AT, at.atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }

    /**
     * The customer's score (1–5) for the contact; offered now if it never was.
     *
     * @return false when the survey was answered already (the first answer stands)
     * @throws IllegalArgumentException when the score is not 1 to 5
     */
    public boolean answer(long interactionId, String via, int score, String comment, Instant at) {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("a rating is a whole number from 1 to 5");
        }
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            new CsatSurveys(tx).offer(interactionId, via, at);
            boolean answered = tx.update(CSAT_SURVEY)
                            .set(CSAT_SURVEY.SCORE, (short) score)
                            .set(CSAT_SURVEY.COMMENT, comment)
                            .set(CSAT_SURVEY.ANSWERED_AT, at.atOffset(ZoneOffset.UTC))
                            .where(CSAT_SURVEY.INTERACTION_ID.eq(interactionId).and(CSAT_SURVEY.SCORE.isNull()))
                            .execute()
                    == 1;
            if (answered) {
                new InteractionRepository(tx)
                        .putMetadata(
                                interactionId, Map.of("csat", Map.of("score", score, "via", via, "at", at.toString())));
            }
            return answered;
        });
    }

    /**
     * The SMS conversation with this phone number whose survey question is still waiting for its
     * reply, the latest when there are several; one asked before {@code askedSince} no longer waits.
     */
    public Optional<Long> awaitingSmsReply(String phone, Instant askedSince) {
        return dsl.select(CSAT_SURVEY.INTERACTION_ID)
                .from(CSAT_SURVEY)
                .join(INTERACTION)
                .on(INTERACTION.ID.eq(CSAT_SURVEY.INTERACTION_ID))
                .where(CSAT_SURVEY.VIA.eq("sms"))
                .and(CSAT_SURVEY.SCORE.isNull())
                .and(CSAT_SURVEY.OFFERED_AT.ge(askedSince.atOffset(ZoneOffset.UTC)))
                .and(INTERACTION.CHANNEL.eq(Channel.sms))
                .and(INTERACTION.LINKED_ID.eq(phone))
                .orderBy(CSAT_SURVEY.OFFERED_AT.desc())
                .limit(1)
                .fetchOptional(CSAT_SURVEY.INTERACTION_ID);
    }

    /** Whether the survey after this contact has its answer already; false too when it was never offered. */
    public boolean answered(long interactionId) {
        return dsl.fetchExists(
                CSAT_SURVEY, CSAT_SURVEY.INTERACTION_ID.eq(interactionId).and(CSAT_SURVEY.SCORE.isNotNull()));
    }
}

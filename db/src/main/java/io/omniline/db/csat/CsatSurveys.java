package io.omniline.db.csat;

import static io.omniline.db.jooq.Tables.CSAT_SURVEY;
import static io.omniline.db.jooq.Tables.INTERACTION;

import io.omniline.db.Repositories;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.jooq.tables.records.CsatSurveyRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Satisfaction surveys after contacts: offered once per interaction, answered once (the first
 * answer stands). A survey offered by a mail or a text has its question in an outbox here, sent
 * once by whichever node takes it and retried while the channel refuses it. The answer is also put on the interaction's metadata ({@code csat}), so the
 * customer's timeline and the next agent's pop show it with the contact.
 */
public final class CsatSurveys {

    private static final String DUE = "due";
    private static final String SENT = "sent";
    private static final String EXPIRED = "expired";

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
     * The survey is offered on {@code via} by a question (a mail, a text) that the outbox sends:
     * queued here, due at once, and sent by {@link #sendNextQuestion}. A second offer changes nothing.
     */
    public void offerByQuestion(long interactionId, String via, Instant at) {
        dsl.insertInto(CSAT_SURVEY)
                .set(CSAT_SURVEY.INTERACTION_ID, interactionId)
                .set(CSAT_SURVEY.VIA, via)
                .set(CSAT_SURVEY.OFFERED_AT, at.atOffset(ZoneOffset.UTC))
                .set(CSAT_SURVEY.QUESTION_STATE, DUE)
                .set(CSAT_SURVEY.QUESTION_DUE_AT, at.atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }

    /**
     * Takes the oldest question on one of {@code vias} that is due at {@code now} and that no other
     * node is sending, and hands it to {@code sender} while its row stays locked (as a report's
     * delivery row is): it is marked sent when the sender returns, so two nodes, or a node and its
     * restart, never both send it. One the sender could not send is due again when
     * {@code retryAt} (given the tries so far) says; one offered before {@code tooOld} is given
     * up unsent. A sender that throws anything else leaves the question as it was, due.
     *
     * @return what became of the question; empty when none is due
     */
    public Optional<SurveyQuestion.Outcome> sendNextQuestion(
            Collection<String> vias,
            Instant now,
            Instant tooOld,
            IntFunction<Instant> retryAt,
            SurveyQuestion.Sender sender) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            Optional<CsatSurveyRecord> due = tx.selectFrom(CSAT_SURVEY)
                    .where(CSAT_SURVEY.QUESTION_STATE.eq(DUE))
                    .and(CSAT_SURVEY.QUESTION_DUE_AT.le(now.atOffset(ZoneOffset.UTC)))
                    .and(CSAT_SURVEY.VIA.in(vias))
                    .orderBy(CSAT_SURVEY.QUESTION_DUE_AT, CSAT_SURVEY.INTERACTION_ID)
                    .limit(1)
                    .forUpdate()
                    .skipLocked()
                    .fetchOptional();
            if (due.isEmpty()) {
                return Optional.<SurveyQuestion.Outcome>empty();
            }
            CsatSurveyRecord row = due.get();
            if (row.getOfferedAt().toInstant().isBefore(tooOld)) {
                row.setQuestionState(EXPIRED);
                row.setQuestionDueAt(null);
                row.update();
                return Optional.of(SurveyQuestion.Outcome.EXPIRED);
            }
            int attempt = row.getQuestionAttempts() + 1;
            row.setQuestionAttempts(attempt);
            try {
                sender.send(new SurveyQuestion(row.getInteractionId(), row.getVia(), attempt), new Repositories(tx));
            } catch (QuestionNotSentException e) {
                row.setQuestionDueAt(retryAt.apply(attempt).atOffset(ZoneOffset.UTC));
                row.setQuestionError(e.getMessage());
                row.update();
                return Optional.of(SurveyQuestion.Outcome.RETRY);
            }
            row.setQuestionState(SENT);
            row.setQuestionDueAt(null);
            row.setQuestionSentAt(now.atOffset(ZoneOffset.UTC));
            row.setQuestionError(null);
            row.update();
            return Optional.of(SurveyQuestion.Outcome.SENT);
        });
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
     * The caller's recorded comment, named by {@link SurveyCommentName#next}, on a survey that was
     * offered; the metadata's {@code csatComment} lets the timeline offer to play it. A later comment
     * on the same survey replaces the earlier one (a caller may record twice in one flow).
     *
     * @return false when no survey was offered for this interaction, so nothing is kept
     * @throws IllegalArgumentException when the name is not one Omniline makes
     */
    public boolean keepCommentRecording(long interactionId, String name) {
        String checked = SurveyCommentName.checked(name)
                .orElseThrow(() -> new IllegalArgumentException("not a survey comment's name: " + name));
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            boolean kept = tx.update(CSAT_SURVEY)
                            .set(CSAT_SURVEY.COMMENT_RECORDING, checked)
                            .where(CSAT_SURVEY.INTERACTION_ID.eq(interactionId))
                            .execute()
                    == 1;
            if (kept) {
                new InteractionRepository(tx).putMetadata(interactionId, Map.of("csatComment", true));
            }
            return kept;
        });
    }

    /** The name of the comment recorded after this contact's survey, if the caller left one. */
    public Optional<String> commentRecording(long interactionId) {
        return dsl.select(CSAT_SURVEY.COMMENT_RECORDING)
                .from(CSAT_SURVEY)
                .where(CSAT_SURVEY.INTERACTION_ID.eq(interactionId))
                .fetchOptional(CSAT_SURVEY.COMMENT_RECORDING)
                .flatMap(SurveyCommentName::checked);
    }

    /**
     * The SMS conversation with this phone number whose survey question is still waiting for its
     * reply, the latest when there are several; one asked before {@code askedSince} no longer waits.
     * A question that went late (the SMSC refused it for a while) is asked when it went; one still
     * due counts from its offer, since a reply can beat the commit of its send.
     */
    public Optional<Long> awaitingSmsReply(String phone, Instant askedSince) {
        Field<OffsetDateTime> asked = DSL.coalesce(CSAT_SURVEY.QUESTION_SENT_AT, CSAT_SURVEY.OFFERED_AT);
        return dsl.select(CSAT_SURVEY.INTERACTION_ID)
                .from(CSAT_SURVEY)
                .join(INTERACTION)
                .on(INTERACTION.ID.eq(CSAT_SURVEY.INTERACTION_ID))
                .where(CSAT_SURVEY.VIA.eq("sms"))
                .and(CSAT_SURVEY.SCORE.isNull())
                .and(CSAT_SURVEY.QUESTION_STATE.isDistinctFrom(EXPIRED))
                .and(asked.ge(askedSince.atOffset(ZoneOffset.UTC)))
                .and(INTERACTION.CHANNEL.eq(Channel.sms))
                .and(INTERACTION.LINKED_ID.eq(phone))
                .orderBy(asked.desc())
                .limit(1)
                .fetchOptional(CSAT_SURVEY.INTERACTION_ID);
    }

    /** Whether the survey after this contact has its answer already; false too when it was never offered. */
    public boolean answered(long interactionId) {
        return dsl.fetchExists(
                CSAT_SURVEY, CSAT_SURVEY.INTERACTION_ID.eq(interactionId).and(CSAT_SURVEY.SCORE.isNotNull()));
    }
}

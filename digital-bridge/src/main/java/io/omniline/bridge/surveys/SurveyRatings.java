package io.omniline.bridge.surveys;

import io.omniline.db.csat.CsatSurveys;
import java.time.Clock;

/**
 * A customer's rating through the link in a mail: the token says which contact, the survey takes
 * the first answer. A database failure goes to the caller unanswered, so the page never thanks
 * for a rating that was not stored and the same link works again once the database is back.
 */
public final class SurveyRatings {

    /** What the rating page tells the customer. */
    public enum Outcome {
        /** The link is good and the contact not rated yet: show the choice. */
        OPEN,
        THANKS,
        ALREADY_RATED,
        EXPIRED,
        NOT_VALID,
        NOT_A_RATING
    }

    private final SurveyTokens tokens;
    private final CsatSurveys surveys;
    private final Clock clock;

    public SurveyRatings(SurveyTokens tokens, CsatSurveys surveys, Clock clock) {
        this.tokens = tokens;
        this.surveys = surveys;
        this.clock = clock;
    }

    /** Whether the link can still be used; changes nothing. */
    public Outcome check(String token) {
        return switch (tokens.read(token)) {
            case SurveyTokens.Reading.Forged forged -> Outcome.NOT_VALID;
            case SurveyTokens.Reading.Expired expired -> Outcome.EXPIRED;
            case SurveyTokens.Reading.Valid valid ->
                surveys.answered(valid.interactionId()) ? Outcome.ALREADY_RATED : Outcome.OPEN;
        };
    }

    /** @param score as the form posted it: one of "1" to "5" */
    public Outcome rate(String token, String score) {
        return switch (tokens.read(token)) {
            case SurveyTokens.Reading.Forged forged -> Outcome.NOT_VALID;
            case SurveyTokens.Reading.Expired expired -> Outcome.EXPIRED;
            case SurveyTokens.Reading.Valid valid -> {
                if (score == null || !score.matches("[1-5]")) {
                    yield Outcome.NOT_A_RATING;
                }
                yield surveys.answer(valid.interactionId(), "email", Integer.parseInt(score), null, clock.instant())
                        ? Outcome.THANKS
                        : Outcome.ALREADY_RATED;
            }
        };
    }
}

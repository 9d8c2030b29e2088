package io.omniline.ivr.run;

/**
 * Where a rating node keeps the caller's score: telephony stores it on the call's interaction,
 * the simulator only shows it. A call that is not a survey has nowhere to keep one.
 */
public interface SurveyAnswers {

    /**
     * @param score 1 to 5
     * @return false when this call has no survey to answer, so the score is not kept
     */
    boolean keep(int score);

    SurveyAnswers NONE = score -> false;
}

package io.omniline.ivr.run;

import java.util.Optional;

/**
 * Where a survey's answers go: telephony stores them on the call's interaction, the simulator only
 * shows them. A call that is not a survey has nowhere to keep them.
 */
public interface SurveyAnswers {

    /**
     * @param score 1 to 5
     * @return false when this call has no survey to answer, so the score is not kept
     */
    boolean keep(int score);

    /**
     * A new file for the caller's recorded comment, named by Omniline; empty when this call has
     * nowhere to keep one (not a survey, or no comment directory configured).
     */
    default Optional<String> commentFile() {
        return Optional.empty();
    }

    /** The caller left a comment in {@code file}, one {@link #commentFile()} gave. */
    default void keepComment(String file) {}

    SurveyAnswers NONE = score -> false;
}

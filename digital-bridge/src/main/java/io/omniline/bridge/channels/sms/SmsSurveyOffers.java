package io.omniline.bridge.channels.sms;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.bridge.surveys.SurveyQuestions;
import io.omniline.db.Repositories;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.db.csat.QuestionNotSentException;
import io.omniline.db.csat.SurveyQuestion;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import java.time.Clock;

/**
 * An SMS conversation an agent answered and has just closed gets one more text asking for a
 * score; {@link SmsSurveyReplies} takes the customer's digit. The text goes through the survey
 * questions' outbox ({@link SurveyQuestions}), tried again while the SMSC refuses it or the link
 * is down. The offer is recorded before the text goes, so the reply finds it even when the
 * carrier is quick.
 */
public final class SmsSurveyOffers implements ConversationListener, SurveyQuestion.Sender {

    static final String QUESTION =
            "Thank you for texting us. How well did we help? Reply with one digit," + " 1 (poorly) to 5 (very well).";

    private static final String VIA = "sms";

    private final CsatSurveys surveys;
    private final SmsSender sender;
    private final SurveyQuestions questions;
    private final Clock clock;

    public SmsSurveyOffers(CsatSurveys surveys, SmsSender sender, SurveyQuestions questions, Clock clock) {
        this.surveys = surveys;
        this.sender = sender;
        this.questions = questions;
        this.clock = clock;
    }

    @Override
    public void on(ConversationEvent event) {
        if (!(event instanceof ConversationEvent.Closed closed)
                || closed.interaction().channel() != Channel.sms
                || closed.interaction().answeredAt() == null) {
            return;
        }
        Interaction interaction = closed.interaction();
        // An alphanumeric sender ("MyBank") cannot be texted back.
        if (interaction.linkedId() == null || !interaction.linkedId().startsWith("+")) {
            return;
        }
        surveys.offerByQuestion(interaction.id(), VIA, clock.instant());
        questions.nudge();
    }

    @Override
    public void send(SurveyQuestion question, Repositories within) throws QuestionNotSentException {
        String to = within.interactions()
                .findById(question.interactionId())
                .orElseThrow(() -> new IllegalStateException("interaction " + question.interactionId() + " is gone"))
                .linkedId();
        try {
            sender.submit(to, QUESTION);
        } catch (SmsNotSentException e) {
            throw new QuestionNotSentException("the SMSC did not take the rating question: " + e.getMessage(), e);
        }
    }
}

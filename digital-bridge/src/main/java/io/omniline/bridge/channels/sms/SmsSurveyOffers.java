package io.omniline.bridge.channels.sms;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMS conversation an agent answered and has just closed gets one more text asking for a
 * score; {@link SmsSurveyReplies} takes the customer's digit. The offer is recorded before the
 * text goes, so the reply finds it even when the carrier is quick.
 */
public final class SmsSurveyOffers implements ConversationListener {

    static final String QUESTION =
            "Thank you for texting us. How well did we help? Reply with one digit," + " 1 (poorly) to 5 (very well).";

    private static final Logger log = LoggerFactory.getLogger(SmsSurveyOffers.class);

    private final CsatSurveys surveys;
    private final SmsSender sender;
    private final Clock clock;

    public SmsSurveyOffers(CsatSurveys surveys, SmsSender sender, Clock clock) {
        this.surveys = surveys;
        this.sender = sender;
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
        surveys.offer(interaction.id(), "sms", clock.instant());
        try {
            sender.submit(interaction.linkedId(), QUESTION);
        } catch (SmsNotSentException e) {
            log.warn("the rating question for interaction {} was not sent: {}", interaction.id(), e.getMessage());
        }
    }
}

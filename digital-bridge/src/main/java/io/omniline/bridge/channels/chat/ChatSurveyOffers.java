package io.omniline.bridge.channels.chat;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.db.interaction.Channel;
import java.time.Clock;

/**
 * A chat an agent answered that has just ended (either side closed it) offers the visitor the
 * widget's rating; the offer is what the CSAT response rate counts. A chat nobody answered is
 * not surveyed.
 */
public final class ChatSurveyOffers implements ConversationListener {

    private final CsatSurveys surveys;
    private final Clock clock;

    public ChatSurveyOffers(CsatSurveys surveys, Clock clock) {
        this.surveys = surveys;
        this.clock = clock;
    }

    @Override
    public void on(ConversationEvent event) {
        if (event instanceof ConversationEvent.Closed closed
                && closed.interaction().channel() == Channel.chat
                && closed.interaction().answeredAt() != null) {
            surveys.offer(closed.interaction().id(), "chat", clock.instant());
        }
    }
}

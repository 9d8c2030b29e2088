package io.omniline.bridge.channels.email;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.bridge.surveys.SurveyQuestions;
import io.omniline.bridge.surveys.SurveyTokens;
import io.omniline.db.Repositories;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.db.csat.QuestionNotSentException;
import io.omniline.db.csat.SurveyQuestion;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An email thread an agent answered and has just closed gets a short follow-up mail, in the same
 * thread, with a link to rate the help from 1 to 5. The link opens a page; only choosing a score
 * there stores it, so a mail scanner that follows links rates nothing. The mail goes through the
 * survey questions' outbox ({@link SurveyQuestions}): offered and queued at the close, written and
 * sent when the outbox takes it, and tried again while SMTP is away.
 */
public final class EmailSurveyOffers implements ConversationListener, SurveyQuestion.Sender {

    /** Where the rating page is served; the token follows in the query. */
    public static final String PAGE = "/rate";

    private static final String VIA = "email";

    private final CsatSurveys surveys;
    private final MessageRepository messages;
    private final SmtpMailer mailer;
    private final SurveyTokens tokens;
    private final Supplier<String> publicUrl;
    private final SurveyQuestions questions;
    private final Clock clock;

    /** @param publicUrl the web server's address as customers reach it, without a trailing slash */
    public EmailSurveyOffers(
            CsatSurveys surveys,
            MessageRepository messages,
            SmtpMailer mailer,
            SurveyTokens tokens,
            Supplier<String> publicUrl,
            SurveyQuestions questions,
            Clock clock) {
        this.surveys = surveys;
        this.messages = messages;
        this.mailer = mailer;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        this.questions = questions;
        this.clock = clock;
    }

    @Override
    public void on(ConversationEvent event) {
        if (!(event instanceof ConversationEvent.Closed closed)
                || closed.interaction().channel() != Channel.email
                || closed.interaction().answeredAt() == null) {
            return;
        }
        Interaction interaction = closed.interaction();
        if (EmailReplies.lastFromCustomer(messages.transcript(interaction.id())).isEmpty()) {
            return;
        }
        surveys.offerByQuestion(interaction.id(), VIA, clock.instant());
        questions.nudge();
    }

    /** Writes the rating mail to the customer's last mail in the thread, with a fresh link, and sends it. */
    @Override
    public void send(SurveyQuestion question, Repositories within) throws QuestionNotSentException {
        Interaction interaction = within.interactions()
                .findById(question.interactionId())
                .orElseThrow(() -> new IllegalStateException("interaction " + question.interactionId() + " is gone"));
        Message last = EmailReplies.lastFromCustomer(within.messages().transcript(interaction.id()))
                .orElseThrow(() -> new IllegalStateException(
                        "interaction " + interaction.id() + " has no customer mail to answer"));
        String link = publicUrl.get() + PAGE + "?t=" + tokens.issue(interaction.id());
        try {
            mailer.send(
                    last.metadata().get("from").toString(),
                    EmailReplies.subject(interaction),
                    text(link),
                    mailer.newMessageId(),
                    Map.of("In-Reply-To", last.externalId()));
        } catch (MessagingException e) {
            throw new QuestionNotSentException("SMTP did not take the rating mail: " + e.getMessage(), e);
        }
    }

    private String text(String link) {
        return "Thank you for writing to us.\n\n"
                + "How well did we help? Choose a score from 1 (poorly) to 5 (very well) here:\n\n"
                + link + "\n\n"
                + "The link works once and for " + tokens.lifetime().toDays() + " days.\n";
    }
}

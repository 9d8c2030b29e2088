package io.omniline.bridge.channels.email;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.bridge.surveys.SurveyTokens;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An email thread an agent answered and has just closed gets a short follow-up mail, in the same
 * thread, with a link to rate the help from 1 to 5. The link opens a page; only choosing a score
 * there stores it, so a mail scanner that follows links rates nothing. The offer is recorded before
 * the mail goes, so a mail that cannot be sent still counts as offered (and says so in the log).
 */
public final class EmailSurveyOffers implements ConversationListener {

    /** Where the rating page is served; the token follows in the query. */
    public static final String PAGE = "/rate";

    private static final Logger log = LoggerFactory.getLogger(EmailSurveyOffers.class);

    private final CsatSurveys surveys;
    private final MessageRepository messages;
    private final SmtpMailer mailer;
    private final SurveyTokens tokens;
    private final Supplier<String> publicUrl;
    private final Clock clock;

    /** @param publicUrl the web server's address as customers reach it, without a trailing slash */
    public EmailSurveyOffers(
            CsatSurveys surveys,
            MessageRepository messages,
            SmtpMailer mailer,
            SurveyTokens tokens,
            Supplier<String> publicUrl,
            Clock clock) {
        this.surveys = surveys;
        this.messages = messages;
        this.mailer = mailer;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
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
        Optional<Message> last = EmailReplies.lastFromCustomer(messages.transcript(interaction.id()));
        if (last.isEmpty()) {
            return;
        }
        surveys.offer(interaction.id(), "email", clock.instant());
        String link = publicUrl.get() + PAGE + "?t=" + tokens.issue(interaction.id());
        try {
            mailer.send(
                    last.get().metadata().get("from").toString(),
                    EmailReplies.subject(interaction),
                    text(link),
                    mailer.newMessageId(),
                    Map.of("In-Reply-To", last.get().externalId()));
        } catch (MessagingException e) {
            log.warn("the rating mail for interaction {} could not be sent: {}", interaction.id(), e.getMessage());
        }
    }

    private String text(String link) {
        return "Thank you for writing to us.\n\n"
                + "How well did we help? Choose a score from 1 (poorly) to 5 (very well) here:\n\n"
                + link + "\n\n"
                + "The link works once and for " + tokens.lifetime().toDays() + " days.\n";
    }
}

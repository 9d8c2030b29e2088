package io.omniline.bridge.channels.sms;

import io.omniline.db.Transactions;
import io.omniline.db.interaction.Channel;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A text that is nothing but one digit from 1 to 5, from a number whose SMS survey question was
 * asked within the window and not answered yet, is that survey's answer: stored on the surveyed
 * conversation, not opened as a new one. Anything else, or a digit nobody asked for, goes the
 * normal way. The answer and the text's id are stored in one transaction, so a redelivery of the
 * same text is recognised and neither rates twice nor opens a conversation.
 */
public final class SmsSurveyReplies {

    private static final Pattern RATING = Pattern.compile("\\s*([1-5])\\s*");

    private final Transactions transactions;
    private final Duration window;
    private final Clock clock;

    public SmsSurveyReplies(Transactions transactions, Duration window, Clock clock) {
        this.transactions = transactions;
        this.window = window;
        this.clock = clock;
    }

    /**
     * @param from the sender, E.164 when it is a phone number
     * @param externalId the channel's id for the text; null when none
     * @return whether the text was a survey answer (stored now, or already with an earlier delivery)
     */
    boolean take(String from, ShortMessage sms, String externalId) {
        var digit = RATING.matcher(sms.text() == null ? "" : sms.text());
        if (!from.startsWith("+") || sms.part().isPresent() || !digit.matches()) {
            return false;
        }
        int score = Integer.parseInt(digit.group(1));
        return transactions.call(tx -> {
            Optional<Long> surveyed =
                    tx.csatSurveys().awaitingSmsReply(from, clock.instant().minus(window));
            if (surveyed.isEmpty()) {
                return false;
            }
            if (externalId == null || tx.inboundReceipts().claim(Channel.sms, externalId)) {
                tx.csatSurveys().answer(surveyed.get(), "sms", score, null, clock.instant());
            }
            return true;
        });
    }
}

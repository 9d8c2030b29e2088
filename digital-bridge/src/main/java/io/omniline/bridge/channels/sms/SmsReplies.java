package io.omniline.bridge.channels.sms;

import io.omniline.bridge.conversations.ReplyChannel;
import io.omniline.db.ConflictException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;
import io.omniline.db.sms.SmsSubmissionRepository;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an SMS session: stored as queued, submitted (split if long), then sent with the
 * carrier's ids recorded for the receipts, or failed when the carrier would not take it.
 */
public final class SmsReplies implements ReplyChannel {

    private static final Logger log = LoggerFactory.getLogger(SmsReplies.class);

    /**
     * What always fits the 255 parts a long SMS may have (see {@link SmsSplitter}): a UCS-2 part
     * holds at least 66 UTF-16 characters (a surrogate pair is never split), a GSM part at least 76.
     * Refused before it is stored, so no reply waits as queued for a split that cannot happen.
     */
    static final int MAX_CHARS = 255 * 66;

    private final MessageRepository messages;
    private final SmsSubmissionRepository submissions;
    private final SmsSender sender;

    public SmsReplies(MessageRepository messages, SmsSubmissionRepository submissions, SmsSender sender) {
        this.messages = messages;
        this.submissions = submissions;
        this.sender = sender;
    }

    @Override
    public int maxChars() {
        return MAX_CHARS;
    }

    @Override
    public Message send(Interaction interaction, long agentId, String text) {
        String to = interaction.linkedId();
        if (to == null || !to.startsWith("+")) {
            throw new ConflictException("interaction " + interaction.id() + " has no phone number to answer");
        }
        Message stored = messages.append(new NewMessage(
                interaction.id(),
                AuthorKind.agent,
                agentId,
                text,
                "text/plain",
                null,
                "queued",
                null,
                Map.of("to", to)));
        try {
            List<String> ids = sender.submit(to, text);
            for (int i = 0; i < ids.size(); i++) {
                submissions.record(ids.get(i), stored.id(), i + 1);
            }
            return messages.setDeliveryState(stored.id(), "sent");
        } catch (SmsNotSentException e) {
            log.warn("SMS reply {} on interaction {} was not sent: {}", stored.id(), interaction.id(), e.getMessage());
            return messages.setDeliveryState(stored.id(), "failed");
        }
    }
}

package io.omniline.db.sms;

import static io.omniline.db.jooq.Tables.SMS_SUBMISSION;

import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The SMSC's ids for each part of an outgoing SMS. A receipt updates its part; the message is
 * delivered when every part is, failed as soon as one part fails.
 */
public final class SmsSubmissionRepository {

    private final DSLContext dsl;

    public SmsSubmissionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void record(String smscMessageId, long messageId, int part) {
        dsl.insertInto(SMS_SUBMISSION)
                .set(SMS_SUBMISSION.SMSC_MESSAGE_ID, smscMessageId)
                .set(SMS_SUBMISSION.MESSAGE_ID, messageId)
                .set(SMS_SUBMISSION.PART, part)
                .onConflictDoNothing()
                .execute();
    }

    /**
     * Applies a receipt to its part.
     *
     * @return the message id and the message's overall state, empty for an id never submitted here
     */
    public Optional<ReceiptOutcome> applyReceipt(String smscMessageId, String partState) {
        return dsl.update(SMS_SUBMISSION)
                .set(SMS_SUBMISSION.DELIVERY_STATE, partState)
                .where(SMS_SUBMISSION.SMSC_MESSAGE_ID.eq(smscMessageId))
                .returning(SMS_SUBMISSION.MESSAGE_ID)
                .fetchOptional(SMS_SUBMISSION.MESSAGE_ID)
                .map(messageId -> new ReceiptOutcome(messageId, overall(states(messageId))));
    }

    private List<String> states(long messageId) {
        return dsl.select(SMS_SUBMISSION.DELIVERY_STATE)
                .from(SMS_SUBMISSION)
                .where(SMS_SUBMISSION.MESSAGE_ID.eq(messageId))
                .fetch(SMS_SUBMISSION.DELIVERY_STATE);
    }

    private static String overall(List<String> parts) {
        if (parts.contains("failed")) {
            return "failed";
        }
        return parts.stream().allMatch("delivered"::equals) ? "delivered" : "sent";
    }

    /** What a receipt meant for the whole message. */
    public record ReceiptOutcome(long messageId, String messageState) {}
}

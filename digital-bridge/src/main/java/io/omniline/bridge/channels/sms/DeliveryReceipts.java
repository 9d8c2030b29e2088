package io.omniline.bridge.channels.sms;

import io.omniline.db.message.MessageRepository;
import io.omniline.db.sms.SmsSubmissionRepository;
import org.jsmpp.util.DeliveryReceiptState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jooq.DSLContext;

/** Moves an outgoing SMS to delivered or failed when the carrier's receipts say so. */
public final class DeliveryReceipts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryReceipts.class);

    private static final int UNKNOWN_ID_ATTEMPTS = 10;
    private static final long UNKNOWN_ID_PAUSE_MILLIS = 100;

    private final DSLContext dsl;

    public DeliveryReceipts(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * A receipt can overtake the commit of its own submission (the SMSC answers submit_sm and
     * delivers in the same breath), so an unknown id is looked up again for a moment before it
     * is written off as not ours.
     */
    public void apply(String smscMessageId, DeliveryReceiptState state) {
        String partState = switch (state) {
            case DELIVRD -> "delivered";
            case EXPIRED, DELETED, UNDELIV, REJECTD -> "failed";
            case ENROUTE, ACCEPTD, UNKNOWN -> null;
        };
        if (partState == null) {
            return;
        }
        for (int attempt = 0; attempt < UNKNOWN_ID_ATTEMPTS; attempt++) {
            boolean applied = dsl.transactionResult(config -> new SmsSubmissionRepository(config.dsl())
                    .applyReceipt(smscMessageId, partState)
                    .map(outcome -> new MessageRepository(config.dsl()).setDeliveryState(outcome.messageId(), outcome.messageState()))
                    .isPresent());
            if (applied) {
                return;
            }
            try {
                Thread.sleep(UNKNOWN_ID_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.info("receipt for SMSC id {} that was not sent from here; ignored", smscMessageId);
    }
}

package io.omniline.bridge.channels.sms;

import io.omniline.db.Transactions;
import org.jsmpp.util.DeliveryReceiptState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moves an outgoing SMS to delivered or failed when the carrier's receipts say so. */
public final class DeliveryReceipts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryReceipts.class);

    private static final int UNKNOWN_ID_ATTEMPTS = 10;
    private static final long UNKNOWN_ID_PAUSE_MILLIS = 100;

    private final Transactions transactions;

    public DeliveryReceipts(Transactions transactions) {
        this.transactions = transactions;
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
            boolean applied = transactions.call(tx -> tx.smsSubmissions()
                    .applyReceipt(smscMessageId, partState)
                    .map(outcome -> tx.messages().setDeliveryState(outcome.messageId(), outcome.messageState()))
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

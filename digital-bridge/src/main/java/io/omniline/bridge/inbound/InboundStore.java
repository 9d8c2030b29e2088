package io.omniline.bridge.inbound;

import io.omniline.db.Repositories;
import io.omniline.db.email.MailboxCursorRepository;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.message.AttachmentRepository;
import io.omniline.db.message.InboundReceipts;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.sms.SmsPartRepository;
import io.omniline.db.sms.SmsSessionRepository;

/** The repositories an inbound message is stored with, all bound to the one storing transaction. */
public final class InboundStore {

    private final Repositories tx;

    InboundStore(Repositories tx) {
        this.tx = tx;
    }

    public InteractionRepository interactions() {
        return tx.interactions();
    }

    public MessageRepository messages() {
        return tx.messages();
    }

    public AttachmentRepository attachments() {
        return tx.attachments();
    }

    public InboundReceipts receipts() {
        return tx.inboundReceipts();
    }

    public MailboxCursorRepository mailboxCursors() {
        return tx.mailboxCursors();
    }

    public SmsPartRepository smsParts() {
        return tx.smsParts();
    }

    public SmsSessionRepository smsSessions() {
        return tx.smsSessions();
    }
}

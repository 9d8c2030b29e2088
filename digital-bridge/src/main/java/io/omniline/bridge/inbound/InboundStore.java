package io.omniline.bridge.inbound;

import io.omniline.db.email.MailboxCursorRepository;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.message.AttachmentRepository;
import io.omniline.db.message.InboundReceipts;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.sms.SmsPartRepository;
import io.omniline.db.sms.SmsSessionRepository;
import org.jooq.DSLContext;

/** The repositories an inbound message is stored with, all bound to the one storing transaction. */
public final class InboundStore {

    private final DSLContext tx;

    InboundStore(DSLContext tx) {
        this.tx = tx;
    }

    public InteractionRepository interactions() {
        return new InteractionRepository(tx);
    }

    public MessageRepository messages() {
        return new MessageRepository(tx);
    }

    public AttachmentRepository attachments() {
        return new AttachmentRepository(tx);
    }

    public InboundReceipts receipts() {
        return new InboundReceipts(tx);
    }

    public MailboxCursorRepository mailboxCursors() {
        return new MailboxCursorRepository(tx);
    }

    public SmsPartRepository smsParts() {
        return new SmsPartRepository(tx);
    }

    public SmsSessionRepository smsSessions() {
        return new SmsSessionRepository(tx);
    }
}

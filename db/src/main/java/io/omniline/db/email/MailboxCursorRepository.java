package io.omniline.db.email;

import static io.omniline.db.jooq.Tables.MAILBOX_CURSOR;

import java.util.Optional;
import org.jooq.DSLContext;

/** Read positions of IMAP mailboxes; moved in the same transaction as the mail they account for. */
public final class MailboxCursorRepository {

    private final DSLContext dsl;

    public MailboxCursorRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<MailboxCursor> find(String mailbox) {
        return dsl.selectFrom(MAILBOX_CURSOR)
                .where(MAILBOX_CURSOR.MAILBOX.eq(mailbox))
                .fetchOptional(row -> new MailboxCursor(row.getMailbox(), row.getUidValidity(), row.getLastUid()));
    }

    public void moveTo(MailboxCursor cursor) {
        dsl.insertInto(MAILBOX_CURSOR)
                .set(MAILBOX_CURSOR.MAILBOX, cursor.mailbox())
                .set(MAILBOX_CURSOR.UID_VALIDITY, cursor.uidValidity())
                .set(MAILBOX_CURSOR.LAST_UID, cursor.lastUid())
                .onConflict(MAILBOX_CURSOR.MAILBOX)
                .doUpdate()
                .set(MAILBOX_CURSOR.UID_VALIDITY, cursor.uidValidity())
                .set(MAILBOX_CURSOR.LAST_UID, cursor.lastUid())
                .execute();
    }
}

package io.omniline.db.email;

/** Where a mailbox was read up to: UIDs only count within one UIDVALIDITY. */
public record MailboxCursor(String mailbox, long uidValidity, long lastUid) {}

package io.omniline.bridge.channels.email;

import java.time.Duration;

/**
 * One support mailbox: read over IMAP, answered over SMTP from {@code address}.
 *
 * @param pollInterval how often to look for mail when the server has no IDLE; with IDLE, how
 *     often the idle is renewed (servers drop an idle after about 30 minutes)
 * @param maxAttachmentBytes a bigger attachment is recorded (name, size) but its content is not kept
 * @param maxMessageBytes a bigger message is recorded from its headers and not downloaded; it stays in the mailbox
 */
public record EmailSettings(
        String imapHost,
        int imapPort,
        boolean imapTls,
        String username,
        String password,
        String folder,
        String smtpHost,
        int smtpPort,
        boolean smtpTls,
        String smtpUsername,
        String smtpPassword,
        String address,
        String queueName,
        Duration pollInterval,
        boolean useIdle,
        long maxAttachmentBytes,
        long maxMessageBytes) {

    /** The cursor's key: which account and folder. */
    public String mailboxKey() {
        return username + "@" + imapHost + ":" + imapPort + "/" + folder;
    }
}

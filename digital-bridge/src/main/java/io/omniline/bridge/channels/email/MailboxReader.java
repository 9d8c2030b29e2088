package io.omniline.bridge.channels.email;

import io.omniline.db.SqlStates;
import io.omniline.db.email.MailboxCursor;
import io.omniline.db.email.MailboxCursorRepository;
import io.omniline.runtime.Backoff;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one IMAP folder: fetches every mail past the stored cursor, in UID order, imports it,
 * then waits for more with IDLE (or sleeps, when the server has no IDLE or it is turned off).
 * A mail that cannot be stored now (the database is away) stops the round without moving the
 * cursor, so it is fetched again next time; one the database refuses as it is (a value it cannot
 * take) is set aside as a note with the original attached, so it never holds up the mail behind
 * it. A mail over the size limit is recorded from its headers and left in the mailbox. A lost
 * connection is reopened with backoff. The folder is opened read-only: the
 * cursor, not the \Seen flag, says what was imported, so people may use the mailbox too.
 */
public final class MailboxReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MailboxReader.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final EmailSettings settings;
    private final MimeReader mime;
    private final EmailImporter importer;
    private final MailboxCursorRepository cursors;
    private final ScheduledExecutorService nudger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("mailbox-nudge").factory());
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile IMAPFolder folder;
    private volatile Store store;
    private Thread loop;

    public MailboxReader(
            EmailSettings settings, MimeReader mime, EmailImporter importer, MailboxCursorRepository cursors) {
        this.settings = settings;
        this.mime = mime;
        this.importer = importer;
        this.cursors = cursors;
    }

    public MailboxReader start() {
        loop = Thread.ofVirtual().name("mailbox-" + settings.folder()).start(this::run);
        // Any command on the folder ends an IDLE; this renews it and catches anything missed.
        nudger.scheduleWithFixedDelay(
                this::nudge,
                settings.pollInterval().toMillis(),
                settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    private void run() {
        Backoff backoff = new Backoff(FIRST_BACKOFF, MAX_BACKOFF);
        while (running) {
            try {
                IMAPFolder open = open();
                fetchNew(open);
                backoff.reset();
                waitForMail(open);
            } catch (MessagingException | RuntimeException e) {
                if (!running) {
                    return;
                }
                Duration wait = backoff.next();
                log.warn("mailbox {}: {}; retrying in {} ms", settings.mailboxKey(), e.getMessage(), wait.toMillis());
                closeQuietly();
                sleep(wait);
            }
        }
    }

    private IMAPFolder open() throws MessagingException {
        IMAPFolder current = folder;
        if (current != null && current.isOpen()) {
            return current;
        }
        closeQuietly();
        store = MailSessions.imap(settings).getStore();
        store.connect(settings.imapHost(), settings.imapPort(), settings.username(), settings.password());
        IMAPFolder opened = (IMAPFolder) store.getFolder(settings.folder());
        opened.open(Folder.READ_ONLY);
        folder = opened;
        return opened;
    }

    /**
     * Imports every mail past the cursor, oldest first; stops (cursor unmoved) at the first that
     * cannot be stored. The sizes come in one command for all, and a mail no larger than an
     * attachment may be is read from a copy fetched whole: read through the IMAP message, every
     * header and part is a round trip of its own (eight a mail in the benchmark, 3.4 mails/s).
     */
    private void fetchNew(IMAPFolder open) throws MessagingException {
        long validity = open.getUIDValidity();
        long last = cursors.find(settings.mailboxKey())
                .filter(cursor -> cursor.uidValidity() == validity)
                .map(MailboxCursor::lastUid)
                .orElse(0L);
        // "n:*" always answers with the newest mail, even one below n; hence the filter.
        List<Message> fresh = Arrays.stream(open.getMessagesByUID(last + 1, UIDFolder.MAXUID))
                .filter(message -> uid(open, message) > last)
                .sorted(Comparator.comparingLong(message -> uid(open, message)))
                .toList();
        FetchProfile sizes = new FetchProfile();
        sizes.add(FetchProfile.Item.SIZE);
        open.fetch(fresh.toArray(Message[]::new), sizes);
        for (Message message : fresh) {
            long uid = uid(open, message);
            String fallbackId = "<" + validity + "." + uid + "." + settings.folder() + "@omniline.invalid>";
            MailboxCursor position = new MailboxCursor(settings.mailboxKey(), validity, uid);
            MimeMessage mail = (MimeMessage) message;
            int size = mail.getSize();
            ParsedEmail parsed = mime.tooLarge(size)
                    ? mime.headersOnly(mail, fallbackId, size, "folder " + settings.folder() + ", UID " + uid)
                    : mime.read(mime.fetchWhole(size) ? new MimeMessage(mail) : mail, fallbackId);
            try {
                importer.importMail(position, parsed);
            } catch (RuntimeException e) {
                if (!SqlStates.refusesData(e)) {
                    throw e;
                }
                log.warn(
                        "mailbox {}: UID {} refused by the database; set aside with the original: {}",
                        settings.mailboxKey(),
                        uid,
                        SqlStates.serverMessage(e));
                importer.importMail(position, mime.setAside(mail, fallbackId, size, "the database would not take it"));
            }
        }
    }

    private void waitForMail(IMAPFolder open) throws MessagingException {
        if (settings.useIdle()) {
            try {
                open.idle(true);
                return;
            } catch (MessagingException e) {
                if (!running) {
                    return;
                }
                log.info(
                        "mailbox {} cannot IDLE ({}); polling every {}s instead",
                        settings.mailboxKey(),
                        e.getMessage(),
                        settings.pollInterval().toSeconds());
            }
        }
        sleep(settings.pollInterval());
        open.getMessageCount();
    }

    private void nudge() {
        IMAPFolder current = folder;
        if (current != null && current.isOpen()) {
            try {
                current.getMessageCount();
            } catch (MessagingException | RuntimeException e) {
                log.debug("mailbox nudge failed; the reader reconnects", e);
            }
        }
    }

    private static long uid(IMAPFolder folder, Message message) {
        try {
            return folder.getUID(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("the server gave no UID for a message", e);
        }
    }

    private void closeQuietly() {
        IMAPFolder current = folder;
        folder = null;
        try {
            if (current != null && current.isOpen()) {
                current.close(false);
            }
        } catch (MessagingException | RuntimeException ignored) {
            // the connection is being thrown away
        }
        try {
            if (store != null) {
                store.close();
            }
        } catch (MessagingException | RuntimeException ignored) {
            // the connection is being thrown away
        }
    }

    /** Waits, but wakes at once on close. */
    private void sleep(Duration duration) {
        try {
            stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Stops after the mail being stored, if any, is committed: closing the store ends an IDLE or a
     * fetch, but the loop is never interrupted, since that would break a database connection mid-write.
     */
    @Override
    public void close() {
        running = false;
        stopping.countDown();
        nudger.shutdownNow();
        closeQuietly();
        if (loop != null) {
            try {
                loop.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package io.omniline.server.voicemail;

import io.omniline.db.NotFoundException;
import io.omniline.server.recordings.RecordingFolder;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Asterisk's voicemail spool as this node sees it ({@code voicemail.spoolDirectory}): on
 * Asterisk's host its {@code /var/spool/asterisk/voicemail}, elsewhere a read-only mount or a
 * copy of it (asterisk-conf/README.md). A message is named as app_voicemail names it, relative to
 * the spool ({@code default/support/INBOX/msg0000}); voicemail.conf's {@code format = wav} makes
 * its recording {@code msg0000.wav}. Names come from the database, which took them from AMI: they
 * are checked again here, and the folder keeps the file inside the spool.
 */
public final class VoicemailStore {

    static final Pattern MESSAGE =
            Pattern.compile("[A-Za-z0-9_-]{1,80}/[A-Za-z0-9][A-Za-z0-9_.+-]{0,79}/[A-Za-z]{1,20}/msg[0-9]{4,5}");
    /** Longer than any message voicemail.conf allows (maxsecs 180 at 8 kHz 16-bit is under 3 MB). */
    private static final long LARGEST = 32L * 1024 * 1024;

    private final RecordingFolder spool;

    /** @param spool null when this node cannot read Asterisk's spool */
    public VoicemailStore(Path spool) {
        this.spool = new RecordingFolder(spool, "voicemail.spoolDirectory", "voicemail recording", LARGEST);
    }

    /** The recording of {@code message}, as WAV bytes. */
    public byte[] recording(String message) {
        if (message == null || !MESSAGE.matcher(message).matches()) {
            throw new NotFoundException("voicemail message", message);
        }
        return spool.read(
                message,
                "no longer in the mailbox: listened to in Asterisk's voicemail menu, deleted, or not copied here yet");
    }
}

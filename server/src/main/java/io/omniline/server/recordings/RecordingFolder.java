package io.omniline.server.recordings;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder Asterisk records into, as this node sees it: on Asterisk's host the folder itself,
 * elsewhere a read-only mount or a copy of it (asterisk-conf/README.md). Each kind of recording
 * (voicemail, survey comments) names its files and checks the names it reads back; this folder then
 * makes sure the WAV file lies inside it and is no larger than any such recording can be.
 */
public final class RecordingFolder {

    private static final Logger log = LoggerFactory.getLogger(RecordingFolder.class);

    private final Path directory;
    private final String configKey;
    private final String kind;
    private final long largest;

    /**
     * @param directory null when this node cannot read the folder
     * @param configKey the setting that names the folder, for the message when it is not set
     * @param kind what the recordings are, in words ("voicemail recording")
     * @param largest the most bytes one recording can have
     */
    public RecordingFolder(Path directory, String configKey, String kind, long largest) {
        this.directory = directory == null ? null : directory.toAbsolutePath().normalize();
        this.configKey = configKey;
        this.kind = kind;
        this.largest = largest;
    }

    /** A folder named by a setting that may be empty. */
    public static RecordingFolder of(String directory, String configKey, String kind, long largest) {
        return new RecordingFolder(
                directory == null || directory.isBlank() ? null : Path.of(directory.strip()), configKey, kind, largest);
    }

    /**
     * The WAV bytes of {@code name} ({@code name.wav} in the folder); {@code name} has been checked
     * against its kind's pattern already.
     *
     * @param missing why a recording the database names may not be here, in words
     */
    public byte[] read(String name, String missing) {
        if (directory == null) {
            throw new ConflictException(kind + "s cannot be played from this server: " + configKey
                    + " is not set (see asterisk-conf/README.md)");
        }
        Path file = directory.resolve(name + ".wav").normalize();
        if (!file.startsWith(directory) || file.equals(directory)) {
            throw new NotFoundException(kind, name);
        }
        try {
            if (Files.size(file) > largest) {
                throw new ConflictException("the " + kind + " is larger than any Asterisk records");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException(kind + " (" + missing + ")", name);
        } catch (IOException e) {
            log.warn("the {} {} could not be read", kind, file, e);
            throw new ConflictException(
                    "the " + kind + " could not be read from the server's recordings folder; ask an admin to check it",
                    e);
        }
    }
}

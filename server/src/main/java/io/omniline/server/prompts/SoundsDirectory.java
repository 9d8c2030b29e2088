package io.omniline.server.prompts;

import io.omniline.db.prompt.PromptAudio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Asterisk's sounds directory, when Asterisk runs on this host ({@code ivr.soundsDirectory},
 * usually /var/lib/asterisk/sounds): a prompt {@code omniline/welcome} in {@code es} is the file
 * {@code es/omniline/welcome.wav} under it. Files are replaced atomically, so Asterisk never
 * plays half a file, and never outside the directory.
 */
public final class SoundsDirectory {

    private final Path root;

    public SoundsDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Writes the prompt's file unless it already holds exactly this audio; true when it wrote. */
    public boolean write(String name, String language, PromptAudio audio) {
        Path file = file(name, language);
        try {
            if (Files.isRegularFile(file)
                    && PromptConverter.sha256(Files.readAllBytes(file)).equals(audio.sha256())) {
                return false;
            }
            Files.createDirectories(file.getParent());
            Path partial = Files.createTempFile(file.getParent(), ".omniline-", ".partial");
            try {
                Files.write(partial, audio.wav());
                move(partial, file);
            } finally {
                Files.deleteIfExists(partial);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public void remove(String name, String language) {
        Path file = file(name, language);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file for a prompt; names and languages are checked before they get here, and again here. */
    Path file(String name, String language) {
        Path file = root.resolve(language).resolve(name + ".wav").normalize();
        if (!file.startsWith(root.resolve(language)) || name.contains("..") || language.contains("/")) {
            throw new IllegalArgumentException("prompt " + name + " (" + language + ") would be outside " + root);
        }
        return file;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

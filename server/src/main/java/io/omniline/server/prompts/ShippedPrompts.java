package io.omniline.server.prompts;

import io.omniline.db.prompt.PromptAudio;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The prompts that ship with Omniline: asterisk-conf/sounds, copied into the server jar under
 * {@code /sounds} (index.txt lists {@code <lang>/<name>}; each has its .wav and its .txt).
 */
public final class ShippedPrompts {

    private ShippedPrompts() {}

    /** One shipped prompt in one language, with the words it says. */
    public record Shipped(String name, String language, PromptAudio audio, String words) {}

    public static List<Shipped> all() {
        List<Shipped> prompts = new ArrayList<>();
        for (String entry : index()) {
            int slash = entry.indexOf('/');
            String language = entry.substring(0, slash);
            String name = entry.substring(slash + 1);
            byte[] wav = read("/sounds/" + entry + ".wav");
            prompts.add(new Shipped(
                    name,
                    language,
                    new PromptAudio(wav, PromptConverter.sha256(wav), durationMs(entry, wav)),
                    words(new String(read("/sounds/" + entry + ".txt"), StandardCharsets.UTF_8))));
        }
        return prompts;
    }

    /** The names of the shipped prompts, in any language: the catalogue when there is no database. */
    public static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String entry : index()) {
            names.add(entry.substring(entry.indexOf('/') + 1));
        }
        return names;
    }

    private static List<String> index() {
        return new String(read("/sounds/index.txt"), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.isBlank())
                .toList();
    }

    /** The text as said: a line's [xx] language marker is for the speech generator, not for people. */
    private static String words(String text) {
        return String.join(
                " ",
                text.lines()
                        .map(line -> line.replaceFirst("^\\[[a-z]{2}] ", "").strip())
                        .filter(line -> !line.isEmpty())
                        .toList());
    }

    private static int durationMs(String entry, byte[] wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat format = in.getFormat();
            return (int) Math.max(1, Math.round(in.getFrameLength() * 1000.0 / format.getFrameRate()));
        } catch (UnsupportedAudioFileException | IOException e) {
            throw new IllegalStateException("shipped prompt " + entry + " is not a WAV file", e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = ShippedPrompts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the server jar (asterisk-conf/sounds)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.omniline.server.prompts;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.prompt.PromptAudio;
import io.omniline.db.prompt.PromptInfo;
import io.omniline.db.prompt.PromptRepository;
import io.omniline.db.prompt.PromptSource;
import io.omniline.server.api.FieldProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompts flows can play: the shipped ones, installed at start, and admins' recordings,
 * converted to what Asterisk plays. Each reaches Asterisk by one of two ways: written into
 * Asterisk's sounds directory when it is on this host ({@link SoundsDirectory}), or fetched
 * by the sync script from {@code server.web.prompts.PromptSyncHandler} when it is not. The names are the flow
 * validator's catalogue: a flow naming a prompt that is not here does not publish.
 */
public final class PromptService {

    private static final Logger log = LoggerFactory.getLogger(PromptService.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}(/[a-z0-9][a-z0-9_-]{0,62})?");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(_[A-Z]{2})?");
    private static final int MAX_WORDS = 1000;

    private final PromptRepository prompts;
    private final PromptConverter converter;
    private final PromptUsage usage;
    private final Optional<SoundsDirectory> asterisk;

    /** @param asterisk Asterisk's sounds directory when Asterisk runs on this host */
    public PromptService(
            PromptRepository prompts,
            FlowRepository flows,
            PromptConverter converter,
            Optional<SoundsDirectory> asterisk) {
        this.prompts = prompts;
        this.converter = converter;
        this.usage = new PromptUsage(flows);
        this.asterisk = asterisk;
    }

    /**
     * At start: adds the shipped prompts the catalogue lacks (or whose audio changed), then
     * brings Asterisk's sounds directory, when there is one, up to date with the catalogue.
     */
    public void installShippedAndSync() {
        int installed = 0;
        for (ShippedPrompts.Shipped shipped : ShippedPrompts.all()) {
            if (prompts.installShipped(shipped.name(), shipped.language(), shipped.audio(), shipped.words())) {
                installed++;
            }
        }
        if (installed > 0) {
            log.info("prompt catalogue: {} shipped prompt file(s) installed or refreshed", installed);
        }
        asterisk.ifPresent(directory -> {
            int written = 0;
            for (PromptInfo prompt : prompts.list()) {
                PromptAudio audio =
                        prompts.audio(prompt.name(), prompt.language()).orElseThrow();
                if (directory.write(prompt.name(), prompt.language(), audio)) {
                    written++;
                }
            }
            log.info(
                    "Asterisk sounds directory {}: {} prompt file(s) written, the rest were current",
                    directory.root(),
                    written);
        });
    }

    public List<PromptInfo> list() {
        return prompts.list();
    }

    /** Every prompt in every language, with the flows and nodes that play it: the prompt library page. */
    public List<PromptListing> library() {
        Map<String, List<PromptUse>> uses = usage.all();
        return prompts.list().stream()
                .map(prompt -> new PromptListing(prompt, uses.getOrDefault(prompt.name(), List.of())))
                .toList();
    }

    /** The prompt names that exist in some language: what flows are validated against. */
    public Set<String> names() {
        return prompts.names();
    }

    /** The longest recording an upload may hold. */
    public Duration longestRecording() {
        return converter.longest();
    }

    public PromptAudio audio(String name, String language) {
        check(name, language);
        return prompts.audio(name, language)
                .orElseThrow(() -> new NotFoundException("prompt", name + " in language " + language));
    }

    /**
     * Stores a recording as the prompt in that language (replacing what it had) and hands it to
     * Asterisk's sounds directory when there is one.
     *
     * @param recording the file the upload was received into (the caller deletes it)
     * @throws NotAudioException when the upload is not a WAV or MP3 recording
     */
    public PromptInfo upload(String name, String language, Path recording, String words, String actor) {
        check(name, language);
        if (words != null && words.length() > MAX_WORDS) {
            throw new FieldProblem("words", "what the prompt says is written in at most " + MAX_WORDS + " characters");
        }
        if (recording == null || size(recording) == 0) {
            throw new NotAudioException("choose the recording to upload: a WAV or MP3 file");
        }
        PromptAudio audio = converter.convert(recording);
        PromptInfo stored =
                prompts.upload(name, language, audio, words == null || words.isBlank() ? null : words.strip(), actor);
        asterisk.ifPresent(directory -> directory.write(name, language, audio));
        log.info("prompt {} ({}) uploaded by {}: {} ms", name, language, actor, audio.durationMs());
        return stored;
    }

    /**
     * Removes an uploaded prompt in one language. Refused for a shipped prompt (it would come back
     * at the next start; upload a recording over it instead) and when it is the prompt's last
     * language and a flow's draft or published version names it.
     */
    public void delete(String name, String language, String actor) {
        check(name, language);
        List<PromptInfo> languages = prompts.list().stream()
                .filter(prompt -> prompt.name().equals(name))
                .toList();
        PromptInfo prompt = languages.stream()
                .filter(candidate -> candidate.language().equals(language))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("prompt", name + " in language " + language));
        if (prompt.source() == PromptSource.shipped) {
            throw new ConflictException("prompt " + name + " (" + language
                    + ") ships with Omniline and cannot be deleted; " + "upload a recording to replace it");
        }
        if (languages.size() == 1) {
            List<String> users = usage.flowsUsing(name);
            if (!users.isEmpty()) {
                throw new ConflictException(
                        "prompt " + name + " is used by " + String.join("; ", users) + ". Change those flows first");
            }
        }
        prompts.delete(name, language, actor);
        asterisk.ifPresent(directory -> directory.remove(name, language));
        log.info("prompt {} ({}) deleted by {}", name, language, actor);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the received upload " + file + " cannot be read", e);
        }
    }

    private static void check(String name, String language) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new FieldProblem(
                    "name",
                    "prompt name \"" + (name == null ? "" : name) + "\" must be lowercase letters, digits, '-' or '_' "
                            + "(up to 63, starting with a letter or digit), with at most one folder, "
                            + "like omniline/welcome");
        }
        if (language == null || !LANGUAGE.matcher(language).matches()) {
            throw new FieldProblem(
                    "language",
                    "language \"" + (language == null ? "" : language) + "\" must be a code like en, es or pt_BR");
        }
    }
}

package io.omniline.db.prompt;

import static io.omniline.db.jooq.Tables.PROMPT;

import io.omniline.db.NotFoundException;
import io.omniline.db.SqlStates;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.jooq.tables.records.PromptRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The prompt catalogue: each prompt's audio per language, shipped or uploaded. Uploads and
 * deletions write an audit row in the same transaction.
 */
public final class PromptRepository {

    private final DSLContext dsl;

    public PromptRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Every prompt in every language, by name then language. */
    public List<PromptInfo> list() {
        return dsl.select(
                        PROMPT.NAME,
                        PROMPT.LANGUAGE,
                        PROMPT.SHA256,
                        PROMPT.DURATION_MS,
                        PROMPT.WORDS,
                        PROMPT.SOURCE,
                        PROMPT.UPDATED_BY,
                        PROMPT.UPDATED_AT)
                .from(PROMPT)
                .orderBy(PROMPT.NAME, PROMPT.LANGUAGE)
                .fetch(row -> new PromptInfo(
                        row.value1(),
                        row.value2(),
                        row.value3(),
                        row.value4(),
                        row.value5(),
                        row.value6(),
                        row.value7(),
                        row.value8()));
    }

    /** The names that exist in at least one language: what the flow validator checks against. */
    public Set<String> names() {
        return new TreeSet<>(dsl.selectDistinct(PROMPT.NAME).from(PROMPT).fetch(PROMPT.NAME));
    }

    public Optional<PromptAudio> audio(String name, String language) {
        return dsl.select(PROMPT.AUDIO, PROMPT.SHA256, PROMPT.DURATION_MS)
                .from(PROMPT)
                .where(PROMPT.NAME.eq(name).and(PROMPT.LANGUAGE.eq(language)))
                .fetchOptional(row -> new PromptAudio(row.value1(), row.value2(), row.value3()));
    }

    /** Stores an admin's recording, replacing whatever that prompt had in that language. */
    public PromptInfo upload(String name, String language, PromptAudio audio, String words, String actor) {
        try {
            return dsl.transactionResult(config -> {
                DSLContext tx = config.dsl();
                Map<Field<?>, Object> values = values(audio, words, PromptSource.upload, actor);
                PromptRecord row = tx.insertInto(PROMPT)
                        .set(PROMPT.NAME, name)
                        .set(PROMPT.LANGUAGE, language)
                        .set(values)
                        .onConflict(PROMPT.NAME, PROMPT.LANGUAGE)
                        .doUpdate()
                        .set(values)
                        .set(PROMPT.UPDATED_AT, DSL.currentOffsetDateTime())
                        .returning()
                        .fetchSingle();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("language", language);
                details.put("sha256", audio.sha256());
                details.put("durationMs", audio.durationMs());
                AuditLog.write(tx, actor, "prompt.upload", "prompt", name, details);
                return info(row);
            });
        } catch (DataAccessException e) {
            if (SqlStates.is(e, SqlStates.CHECK_VIOLATION)) {
                throw new IllegalArgumentException(
                        "prompt \"" + name + "\" in \"" + language + "\" is not a valid name "
                                + "and language: a name is lowercase letters, digits, '-' or '_' with at most one folder "
                                + "(omniline/welcome); a language is a code like en or pt_BR",
                        e);
            }
            throw e;
        }
    }

    /**
     * Installs a prompt that ships with Omniline: added when missing, refreshed when the shipped
     * audio changed, left alone when an admin uploaded their own.
     *
     * @return whether the catalogue changed
     */
    public boolean installShipped(String name, String language, PromptAudio audio, String words) {
        Map<Field<?>, Object> values = values(audio, words, PromptSource.shipped, "omniline");
        return dsl.insertInto(PROMPT)
                        .set(PROMPT.NAME, name)
                        .set(PROMPT.LANGUAGE, language)
                        .set(values)
                        .onConflict(PROMPT.NAME, PROMPT.LANGUAGE)
                        .doUpdate()
                        .set(values)
                        .set(PROMPT.UPDATED_AT, DSL.currentOffsetDateTime())
                        .where(PROMPT.SOURCE.eq(PromptSource.shipped).and(PROMPT.SHA256.ne(audio.sha256())))
                        .execute()
                > 0;
    }

    /** Removes a prompt in one language. */
    public void delete(String name, String language, String actor) {
        dsl.transaction(config -> {
            DSLContext tx = config.dsl();
            int deleted = tx.deleteFrom(PROMPT)
                    .where(PROMPT.NAME.eq(name).and(PROMPT.LANGUAGE.eq(language)))
                    .execute();
            if (deleted == 0) {
                throw new NotFoundException("prompt", name + " (" + language + ")");
            }
            AuditLog.write(tx, actor, "prompt.delete", "prompt", name, Map.of("language", language));
        });
    }

    /** The columns an insert and its update both set. */
    private static Map<Field<?>, Object> values(PromptAudio audio, String words, PromptSource source, String actor) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(PROMPT.AUDIO, audio.wav());
        values.put(PROMPT.SHA256, audio.sha256());
        values.put(PROMPT.DURATION_MS, audio.durationMs());
        values.put(PROMPT.WORDS, words);
        values.put(PROMPT.SOURCE, source);
        values.put(PROMPT.UPDATED_BY, actor);
        return values;
    }

    private static PromptInfo info(PromptRecord row) {
        return new PromptInfo(
                row.getName(),
                row.getLanguage(),
                row.getSha256(),
                row.getDurationMs(),
                row.getWords(),
                row.getSource(),
                row.getUpdatedBy(),
                row.getUpdatedAt());
    }
}

package io.omniline.db.queue;

import static io.omniline.db.jooq.Tables.QUEUE_SETTING;

import io.omniline.db.audit.AuditLog;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What admins decide per queue beyond Asterisk's queues.conf; a queue never set has the
 * defaults (surveys off). Each change is audited under the admin who made it.
 */
public final class QueueSettings {

    /** One queue's settings. */
    public record QueueSetting(String queue, boolean surveysEnabled) {}

    private final DSLContext dsl;

    public QueueSettings(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Whether callers of {@code queue} hear the satisfaction survey after the agent hangs up. */
    public boolean surveysEnabled(String queue) {
        return dsl.select(QUEUE_SETTING.SURVEYS_ENABLED)
                .from(QUEUE_SETTING)
                .where(QUEUE_SETTING.QUEUE_NAME.eq(queue))
                .fetchOptional(QUEUE_SETTING.SURVEYS_ENABLED)
                .orElse(false);
    }

    /** The settings of {@code queues} (defaults where none were set) and of every queue that has some, by name. */
    public Map<String, QueueSetting> of(Iterable<String> queues) {
        Map<String, QueueSetting> settings = new TreeMap<>();
        queues.forEach(queue -> settings.put(queue, new QueueSetting(queue, false)));
        dsl.selectFrom(QUEUE_SETTING)
                .forEach(row -> settings.put(
                        row.getQueueName(), new QueueSetting(row.getQueueName(), row.getSurveysEnabled())));
        return settings;
    }

    public QueueSetting setSurveys(String queue, boolean enabled, String actor) {
        return dsl.transactionResult(config -> {
            config.dsl()
                    .insertInto(QUEUE_SETTING)
                    .set(QUEUE_SETTING.QUEUE_NAME, queue)
                    .set(QUEUE_SETTING.SURVEYS_ENABLED, enabled)
                    .set(QUEUE_SETTING.UPDATED_BY, actor)
                    .onConflict(QUEUE_SETTING.QUEUE_NAME)
                    .doUpdate()
                    .set(QUEUE_SETTING.SURVEYS_ENABLED, enabled)
                    .set(QUEUE_SETTING.UPDATED_BY, actor)
                    .set(QUEUE_SETTING.UPDATED_AT, DSL.currentOffsetDateTime())
                    .execute();
            AuditLog.write(
                    config.dsl(), actor, "queue.settings", "queue_setting", queue, Map.of("surveysEnabled", enabled));
            return new QueueSetting(queue, enabled);
        });
    }
}

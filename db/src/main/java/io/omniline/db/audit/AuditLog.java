package io.omniline.db.audit;

import static io.omniline.db.jooq.Tables.ACCOUNT;
import static io.omniline.db.jooq.Tables.AGENT;
import static io.omniline.db.jooq.Tables.AUDIT_LOG;

import io.omniline.db.Json;
import io.omniline.db.jooq.tables.records.AuditLogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The append-only record of changes people and processes made. Writes take the caller's
 * {@link DSLContext} so the audit row commits or rolls back with the change it describes.
 */
public final class AuditLog {

    private final DSLContext dsl;

    public AuditLog(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Writes one entry, in its own transaction. */
    public void write(String actor, String action, String entityKind, Object entityId, Map<String, ?> details) {
        write(dsl, actor, action, entityKind, entityId, details);
    }

    public static void write(
            DSLContext tx, String actor, String action, String entityKind, Object entityId, Map<String, ?> details) {
        tx.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.ACTOR, actor)
                .set(AUDIT_LOG.ACTION, action)
                .set(AUDIT_LOG.ENTITY_KIND, entityKind)
                .set(AUDIT_LOG.ENTITY_ID, String.valueOf(entityId))
                .set(AUDIT_LOG.DETAILS, Json.jsonb(details))
                .execute();
    }

    /** The history of one entity, newest first. */
    public List<AuditEntry> forEntity(String entityKind, Object entityId) {
        return dsl.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.ENTITY_KIND.eq(entityKind).and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(entityId))))
                .orderBy(AUDIT_LOG.AT.desc(), AUDIT_LOG.ID.desc())
                .fetch(AuditLog::entry);
    }

    public List<AuditEntry> recent(int limit) {
        return dsl.selectFrom(AUDIT_LOG)
                .orderBy(AUDIT_LOG.ID.desc())
                .limit(limit)
                .fetch(AuditLog::entry);
    }

    /** The entries the filter picks, newest first (by when they were written). */
    public List<AuditEntry> search(AuditFilter filter) {
        List<Condition> conditions = new ArrayList<>();
        if (filter.actor() != null) {
            conditions.add(actorLike(filter.actor()));
        }
        if (filter.action() != null) {
            conditions.add(AUDIT_LOG.ACTION.eq(filter.action()).or(AUDIT_LOG.ACTION.startsWith(filter.action() + ".")));
        }
        if (filter.from() != null) {
            conditions.add(AUDIT_LOG.AT.ge(filter.from()));
        }
        if (filter.to() != null) {
            conditions.add(AUDIT_LOG.AT.lt(filter.to()));
        }
        if (filter.before() != null) {
            conditions.add(AUDIT_LOG.ID.lt(filter.before()));
        }
        return dsl.selectFrom(AUDIT_LOG)
                .where(conditions)
                .orderBy(AUDIT_LOG.ID.desc())
                .limit(filter.limit())
                .fetch(AuditLog::entry);
    }

    /**
     * The entries of an actor whose login, or whose agent's name, holds the text, in any case. The
     * text is a bound value with LIKE's wildcards escaped: a typed {@code %} or {@code _} is itself.
     */
    private static Condition actorLike(String part) {
        String pattern = "%" + escapeLike(part) + "%";
        return AUDIT_LOG
                .ACTOR
                .likeIgnoreCase(pattern, '\\')
                .or(AUDIT_LOG.ACTOR.in(DSL.select(ACCOUNT.LOGIN)
                        .from(ACCOUNT)
                        .join(AGENT)
                        .on(AGENT.ID.eq(ACCOUNT.AGENT_ID))
                        .where(AGENT.DISPLAY_NAME.likeIgnoreCase(pattern, '\\'))));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static AuditEntry entry(AuditLogRecord row) {
        return new AuditEntry(
                row.getId(),
                row.getAt(),
                row.getActor(),
                row.getAction(),
                row.getEntityKind(),
                row.getEntityId(),
                Json.map(row.getDetails()));
    }
}

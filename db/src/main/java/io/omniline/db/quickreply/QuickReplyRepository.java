package io.omniline.db.quickreply;

import static io.omniline.db.jooq.Tables.QUICK_REPLY;

import io.omniline.db.NotFoundException;
import io.omniline.db.audit.AuditLog;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** The quick replies agents pick from, by title; each change is audited under the admin who made it. */
public final class QuickReplyRepository {

    public record QuickReply(long id, String title, String body) {}

    private final DSLContext dsl;

    public QuickReplyRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<QuickReply> list() {
        return dsl.selectFrom(QUICK_REPLY)
                .orderBy(QUICK_REPLY.TITLE)
                .fetch(row -> new QuickReply(row.getId(), row.getTitle(), row.getBody()));
    }

    public QuickReply create(String title, String body, String actor) {
        return dsl.transactionResult(config -> {
            QuickReply reply = config.dsl()
                    .insertInto(QUICK_REPLY)
                    .set(QUICK_REPLY.TITLE, title.strip())
                    .set(QUICK_REPLY.BODY, body.strip())
                    .set(QUICK_REPLY.CREATED_BY, actor)
                    .returning()
                    .fetchOne(row -> new QuickReply(row.getId(), row.getTitle(), row.getBody()));
            AuditLog.write(
                    config.dsl(),
                    actor,
                    "quick-reply.create",
                    "quick_reply",
                    reply.id(),
                    Map.of("title", reply.title()));
            return reply;
        });
    }

    public void delete(long id, String actor) {
        dsl.transaction(config -> {
            String title = config.dsl()
                    .deleteFrom(QUICK_REPLY)
                    .where(QUICK_REPLY.ID.eq(id))
                    .returning(QUICK_REPLY.TITLE)
                    .fetchOptional(QUICK_REPLY.TITLE)
                    .orElseThrow(() -> new NotFoundException("quick reply", id));
            AuditLog.write(config.dsl(), actor, "quick-reply.delete", "quick_reply", id, Map.of("title", title));
        });
    }
}

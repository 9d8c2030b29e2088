package io.omniline.db.timeline;

import static io.omniline.db.jooq.Tables.INTERACTION;
import static io.omniline.db.jooq.Tables.MESSAGE;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.selectFrom;

import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.jooq.tables.records.MessageRecord;
import io.omniline.db.message.MessageRepository;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Result;
import org.jooq.impl.DSL;

/**
 * A customer's whole history on every channel, newest first, a page at a time: each page is
 * one query (interactions with their messages as MULTISET) on the customer's recent-interaction
 * index, and the next page starts after the last interaction of this one (keyset paging, so
 * history written meanwhile never shifts a page).
 */
public final class TimelineQuery {

    private final DSLContext dsl;

    public TimelineQuery(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** @param after the last entry of the previous page, or null for the newest page */
    public List<TimelineEntry> page(long customerId, int size, Interaction after) {
        Field<Result<MessageRecord>> messages = multiset(selectFrom(MESSAGE)
                        .where(MESSAGE.INTERACTION_ID.eq(INTERACTION.ID))
                        .orderBy(MESSAGE.SENT_AT, MESSAGE.ID))
                .as("messages");
        Condition older = after == null
                ? DSL.noCondition()
                : DSL.row(INTERACTION.STARTED_AT, INTERACTION.ID).lt(after.startedAt(), after.id());
        return dsl.select(INTERACTION.fields())
                .select(messages)
                .from(INTERACTION)
                .where(INTERACTION.CUSTOMER_ID.eq(customerId).and(older))
                .orderBy(INTERACTION.STARTED_AT.desc(), INTERACTION.ID.desc())
                .limit(size)
                .fetch(row -> new TimelineEntry(
                        InteractionRepository.interaction(row.into(INTERACTION)),
                        row.get(messages).map(MessageRepository::message)));
    }
}

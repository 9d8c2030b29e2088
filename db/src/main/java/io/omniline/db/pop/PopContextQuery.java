package io.omniline.db.pop;

import static io.omniline.db.jooq.Tables.CUSTOMER;
import static io.omniline.db.jooq.Tables.CUSTOMER_IDENTITY;
import static io.omniline.db.jooq.Tables.INTERACTION;
import static io.omniline.db.jooq.Tables.MESSAGE;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectFrom;

import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.Identity;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.jooq.enums.Channel;
import io.omniline.db.jooq.tables.records.CustomerIdentityRecord;
import io.omniline.db.jooq.tables.records.InteractionRecord;
import io.omniline.db.jooq.tables.records.MessageRecord;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.pop.PopContext.ChatTranscript;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The hottest read in the product: a customer with identities, recent interactions on every
 * channel and the last chat transcript, in one round trip (jOOQ MULTISET, nested as jsonb by
 * PostgreSQL). Each part is an index range scan, so it stays fast at millions of rows.
 */
public final class PopContextQuery {

    private final DSLContext dsl;

    public PopContextQuery(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<PopContext> forCustomer(long customerId, int recentLimit) {
        return fetch(CUSTOMER.ID.eq(customerId), recentLimit);
    }

    /** Resolves the identity and loads the context in the same round trip. */
    public Optional<PopContext> forIdentity(Identity identity, int recentLimit) {
        return fetch(CUSTOMER.ID.eq(select(CUSTOMER_IDENTITY.CUSTOMER_ID)
                .from(CUSTOMER_IDENTITY)
                .where(CUSTOMER_IDENTITY.KIND.eq(identity.kind()).and(CUSTOMER_IDENTITY.VALUE.eq(identity.value())))
                .asField()), recentLimit);
    }

    private Optional<PopContext> fetch(Condition customer, int recentLimit) {
        Table<?> lastChat = lateral(select(INTERACTION.ID.as("id"))
                .from(INTERACTION)
                .where(INTERACTION.CUSTOMER_ID.eq(CUSTOMER.ID).and(INTERACTION.CHANNEL.eq(Channel.chat)))
                .orderBy(INTERACTION.STARTED_AT.desc(), INTERACTION.ID.desc())
                .limit(1)).as("last_chat");
        Field<Long> lastChatId = lastChat.field("id", Long.class);
        var identities = multiset(selectFrom(CUSTOMER_IDENTITY)
                .where(CUSTOMER_IDENTITY.CUSTOMER_ID.eq(CUSTOMER.ID))
                .orderBy(CUSTOMER_IDENTITY.ID)).as("identities");
        var recent = multiset(selectFrom(INTERACTION)
                .where(INTERACTION.CUSTOMER_ID.eq(CUSTOMER.ID))
                .orderBy(INTERACTION.STARTED_AT.desc(), INTERACTION.ID.desc())
                .limit(recentLimit)).as("recent");
        var chatMessages = multiset(selectFrom(MESSAGE)
                .where(MESSAGE.INTERACTION_ID.eq(lastChatId))
                .orderBy(MESSAGE.SENT_AT, MESSAGE.ID)).as("chat_messages");

        return dsl.select(CUSTOMER.fields())
                .select(identities, recent, lastChatId, chatMessages)
                .from(CUSTOMER)
                .leftJoin(lastChat).on(DSL.trueCondition())
                .where(customer)
                .fetchOptional()
                .map(row -> context(row, identities, recent, lastChatId, chatMessages));
    }

    private static PopContext context(Record row, Field<Result<CustomerIdentityRecord>> identities,
                                      Field<Result<InteractionRecord>> recent, Field<Long> lastChatId,
                                      Field<Result<MessageRecord>> chatMessages) {
        Long chatId = row.get(lastChatId);
        return new PopContext(
                CustomerRepository.customer(row.into(CUSTOMER)),
                row.get(identities).map(CustomerRepository::identity),
                row.get(recent).map(InteractionRepository::interaction),
                chatId == null
                        ? Optional.empty()
                        : Optional.of(new ChatTranscript(chatId, row.get(chatMessages).map(MessageRepository::message))));
    }
}

package io.omniline.db.pop;

import static io.omniline.db.jooq.Tables.CUSTOMER;
import static io.omniline.db.jooq.Tables.CUSTOMER_IDENTITY;
import static io.omniline.db.jooq.Tables.INTERACTION;
import static io.omniline.db.jooq.Tables.MESSAGE;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectFrom;

import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.Identity;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.jooq.tables.records.CustomerIdentityRecord;
import io.omniline.db.jooq.tables.records.InteractionRecord;
import io.omniline.db.jooq.tables.records.MessageRecord;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.pop.PopContext.ChatTranscript;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The hottest read in the product: a customer with identities, recent interactions on every
 * channel and the last chat transcript, in one round trip (jOOQ MULTISET, nested as jsonb by
 * PostgreSQL). Each part is an index range scan, so it stays fast at millions of rows.
 *
 * <p>The SQL is rendered once, at construction: rendering this query cost more than running
 * it (measured: about two thirds of a warm call), and its text never changes, which also lets
 * the driver keep it as a server-side prepared statement.
 */
public final class PopContextQuery {

    private final DSLContext dsl;
    private final Field<Result<CustomerIdentityRecord>> identities;
    private final Field<Result<InteractionRecord>> recent;
    private final Field<Long> lastChatId;
    private final Field<Result<MessageRecord>> chatMessages;
    private final Field<?>[] columns;
    private final String byCustomerSql;
    private final String byIdentitySql;

    /** @param recentLimit how many recent interactions each pop carries */
    public PopContextQuery(DSLContext dsl, int recentLimit) {
        this.dsl = dsl;
        Table<?> lastChat = lateral(select(INTERACTION.ID.as("id"))
                        .from(INTERACTION)
                        .where(INTERACTION
                                .CUSTOMER_ID
                                .eq(CUSTOMER.ID)
                                .and(INTERACTION.CHANNEL.eq(inline(Channel.chat, INTERACTION.CHANNEL))))
                        .orderBy(INTERACTION.STARTED_AT.desc(), INTERACTION.ID.desc())
                        .limit(inline(1)))
                .as("last_chat");
        lastChatId = lastChat.field("id", Long.class);
        identities = multiset(selectFrom(CUSTOMER_IDENTITY)
                        .where(CUSTOMER_IDENTITY.CUSTOMER_ID.eq(CUSTOMER.ID))
                        .orderBy(CUSTOMER_IDENTITY.ID))
                .as("identities");
        recent = multiset(selectFrom(INTERACTION)
                        .where(INTERACTION.CUSTOMER_ID.eq(CUSTOMER.ID))
                        .orderBy(INTERACTION.STARTED_AT.desc(), INTERACTION.ID.desc())
                        .limit(inline(recentLimit)))
                .as("recent");
        chatMessages = multiset(selectFrom(MESSAGE)
                        .where(MESSAGE.INTERACTION_ID.eq(lastChatId))
                        .orderBy(MESSAGE.SENT_AT, MESSAGE.ID))
                .as("chat_messages");

        Select<?> byCustomer = query(lastChat, CUSTOMER.ID.eq(param("customer", Long.class)));
        Select<?> byIdentity = query(
                lastChat,
                CUSTOMER.ID.eq(select(CUSTOMER_IDENTITY.CUSTOMER_ID)
                        .from(CUSTOMER_IDENTITY)
                        .where(CUSTOMER_IDENTITY
                                .KIND
                                .eq(param("kind", CUSTOMER_IDENTITY.KIND.getDataType()))
                                .and(CUSTOMER_IDENTITY.VALUE.eq(param("value", String.class))))
                        .asField()));
        columns = byCustomer.getSelect().toArray(Field[]::new);
        byCustomerSql = render(byCustomer, 1);
        byIdentitySql = render(byIdentity, 2);
    }

    public Optional<PopContext> forCustomer(long customerId) {
        return fetch(byCustomerSql, customerId);
    }

    /** Resolves the identity and loads the context in the same round trip. */
    public Optional<PopContext> forIdentity(Identity identity) {
        return fetch(byIdentitySql, identity.kind().getLiteral(), identity.value());
    }

    private Select<?> query(Table<?> lastChat, Condition customer) {
        return dsl.select(CUSTOMER.fields())
                .select(identities, recent, lastChatId, chatMessages)
                .from(CUSTOMER)
                .leftJoin(lastChat)
                .on(DSL.trueCondition())
                .where(customer);
    }

    /** Renders with only the named parameters as bind variables; everything else is inlined. */
    private String render(Select<?> query, int expectedBinds) {
        int binds = query.getBindValues().size();
        if (binds != expectedBinds) {
            throw new IllegalStateException("pop query renders " + binds + " bind values, expected " + expectedBinds);
        }
        return dsl.render(query);
    }

    /** Plain JDBC with the rendered text: even a plain-SQL jOOQ query re-scans its template per call. */
    private Optional<PopContext> fetch(String sql, Object... binds) {
        return dsl.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < binds.length; i++) {
                    statement.setObject(i + 1, binds[i], Types.OTHER);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    return dsl.fetch(rows, columns).stream().findFirst().map(this::context);
                }
            }
        });
    }

    private PopContext context(Record row) {
        Long chatId = row.get(lastChatId);
        return new PopContext(
                CustomerRepository.customer(row.into(CUSTOMER)),
                row.get(identities).map(CustomerRepository::identity),
                row.get(recent).map(InteractionRepository::interaction),
                chatId == null
                        ? Optional.empty()
                        : Optional.of(
                                new ChatTranscript(chatId, row.get(chatMessages).map(MessageRepository::message))));
    }
}

package io.omniline.db.customer;

import static io.omniline.db.jooq.Tables.ACCOUNT;
import static io.omniline.db.jooq.Tables.AGENT;
import static io.omniline.db.jooq.Tables.CUSTOMER_NOTE;

import io.omniline.db.StorableText;
import io.omniline.db.audit.AuditLog;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Notes about a customer, newest first. Each note is written with its audit row in one
 * transaction, as other changes to a customer are; the body is checked by the schema
 * ({@code customer_note_body_shape}).
 */
public final class CustomerNoteRepository {

    private static final Field<String> AUTHOR_NAME =
            DSL.coalesce(AGENT.DISPLAY_NAME, CUSTOMER_NOTE.AUTHOR).as("author_name");

    private final DSLContext dsl;

    public CustomerNoteRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores the note (without characters PostgreSQL cannot keep) and its audit row. */
    public CustomerNote add(long customerId, String body, String author) {
        String text = StorableText.clean(body.strip()).text();
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            long id = tx.insertInto(CUSTOMER_NOTE)
                    .set(CUSTOMER_NOTE.CUSTOMER_ID, customerId)
                    .set(CUSTOMER_NOTE.BODY, text)
                    .set(CUSTOMER_NOTE.AUTHOR, author)
                    .returning(CUSTOMER_NOTE.ID)
                    .fetchSingle(CUSTOMER_NOTE.ID);
            AuditLog.write(
                    tx, author, "customer.note", "customer", customerId, Map.of("note", id, "length", text.length()));
            return select(tx).where(CUSTOMER_NOTE.ID.eq(id)).fetchSingle(CustomerNoteRepository::note);
        });
    }

    /** The customer's newest {@code limit} notes, newest first. */
    public List<CustomerNote> of(long customerId, int limit) {
        return select(dsl)
                .where(CUSTOMER_NOTE.CUSTOMER_ID.eq(customerId))
                .orderBy(CUSTOMER_NOTE.ID.desc())
                .limit(limit)
                .fetch(CustomerNoteRepository::note);
    }

    private static org.jooq.SelectOnConditionStep<Record> select(DSLContext dsl) {
        return dsl.select(CUSTOMER_NOTE.fields())
                .select(AUTHOR_NAME)
                .from(CUSTOMER_NOTE)
                .leftJoin(ACCOUNT)
                .on(ACCOUNT.LOGIN.eq(CUSTOMER_NOTE.AUTHOR))
                .leftJoin(AGENT)
                .on(AGENT.ID.eq(ACCOUNT.AGENT_ID));
    }

    private static CustomerNote note(Record row) {
        return new CustomerNote(
                row.get(CUSTOMER_NOTE.ID),
                row.get(CUSTOMER_NOTE.CUSTOMER_ID),
                row.get(CUSTOMER_NOTE.BODY),
                row.get(CUSTOMER_NOTE.AUTHOR),
                row.get(AUTHOR_NAME),
                row.get(CUSTOMER_NOTE.CREATED_AT));
    }
}

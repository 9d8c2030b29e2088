package io.omniline.db.digital;

import static io.omniline.db.jooq.Tables.CUSTOMER;
import static io.omniline.db.jooq.Tables.INTERACTION;
import static io.omniline.db.jooq.Tables.MESSAGE;

import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.InteractionStates;
import io.omniline.db.jooq.tables.Message;
import io.omniline.db.message.AuthorKind;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * What an agent holds, as their work list shows it: each call and conversation with the
 * customer's name, since when the customer has waited, and when the customer last wrote — newest
 * activity first, so what just moved is on top.
 */
public final class WorkListQuery {

    /**
     * @param customerName null for a contact not yet known as a customer
     * @param answeredAt when the agent took it; null while it is only offered
     * @param lastCustomerMessageAt null when the customer has written nothing (a call)
     * @param awaitingReplySince the customer's first message after the agent's last one; null when
     *     the agent has had the last word (or nobody has written)
     */
    public record WorkItem(
            long id,
            String channel,
            String state,
            String subject,
            Long customerId,
            String customerName,
            String queue,
            OffsetDateTime waitingSince,
            OffsetDateTime answeredAt,
            OffsetDateTime lastActivityAt,
            OffsetDateTime lastCustomerMessageAt,
            OffsetDateTime awaitingReplySince,
            int messages) {}

    private final DSLContext dsl;

    public WorkListQuery(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<WorkItem> heldBy(long agentId) {
        Field<OffsetDateTime> lastMessage = DSL.field(
                DSL.select(DSL.max(MESSAGE.SENT_AT)).from(MESSAGE).where(MESSAGE.INTERACTION_ID.eq(INTERACTION.ID)));
        Field<OffsetDateTime> lastCustomer = DSL.field(DSL.select(DSL.max(MESSAGE.SENT_AT))
                .from(MESSAGE)
                .where(MESSAGE.INTERACTION_ID.eq(INTERACTION.ID).and(MESSAGE.AUTHOR_KIND.eq(AuthorKind.customer))));
        Message reply = MESSAGE.as("reply");
        Field<OffsetDateTime> lastAgent = DSL.field(DSL.select(DSL.max(reply.SENT_AT))
                .from(reply)
                .where(reply.INTERACTION_ID.eq(INTERACTION.ID).and(reply.AUTHOR_KIND.eq(AuthorKind.agent))));
        Field<OffsetDateTime> awaiting = DSL.field(DSL.select(DSL.min(MESSAGE.SENT_AT))
                        .from(MESSAGE)
                        .where(MESSAGE.INTERACTION_ID
                                .eq(INTERACTION.ID)
                                .and(MESSAGE.AUTHOR_KIND.eq(AuthorKind.customer))
                                .and(lastAgent.isNull().or(MESSAGE.SENT_AT.gt(lastAgent)))))
                .as("awaiting_reply");
        Field<Integer> count =
                DSL.field(DSL.selectCount().from(MESSAGE).where(MESSAGE.INTERACTION_ID.eq(INTERACTION.ID)));
        Field<OffsetDateTime> waitingSince = DSL.coalesce(INTERACTION.QUEUED_AT, INTERACTION.STARTED_AT);
        Field<OffsetDateTime> activity = DSL.greatest(
                        DSL.coalesce(lastMessage, waitingSince),
                        DSL.coalesce(INTERACTION.ANSWERED_AT, waitingSince),
                        DSL.coalesce(INTERACTION.OFFERED_AT, waitingSince))
                .as("activity");
        Field<OffsetDateTime> customerAt = lastCustomer.as("last_customer");
        Field<Integer> messages = count.as("messages");
        return dsl.select(
                        INTERACTION.ID,
                        INTERACTION.CHANNEL,
                        INTERACTION.STATE,
                        INTERACTION.SUBJECT,
                        INTERACTION.CUSTOMER_ID,
                        CUSTOMER.DISPLAY_NAME,
                        INTERACTION.QUEUE_NAME,
                        waitingSince.as("waiting"),
                        INTERACTION.ANSWERED_AT,
                        activity,
                        customerAt,
                        awaiting,
                        messages)
                .from(INTERACTION)
                .leftJoin(CUSTOMER)
                .on(CUSTOMER.ID.eq(INTERACTION.CUSTOMER_ID))
                .where(INTERACTION
                        .AGENT_ID
                        .eq(agentId)
                        .and(InteractionStates.in(
                                InteractionState.offered, InteractionState.active, InteractionState.wrap_up)))
                .orderBy(DSL.field(DSL.name("activity")).desc(), INTERACTION.ID.desc())
                .fetch(row -> new WorkItem(
                        row.get(INTERACTION.ID),
                        row.get(INTERACTION.CHANNEL).getLiteral(),
                        row.get(INTERACTION.STATE).getLiteral().replace('_', '-'),
                        row.get(INTERACTION.SUBJECT),
                        row.get(INTERACTION.CUSTOMER_ID),
                        row.get(CUSTOMER.DISPLAY_NAME),
                        row.get(INTERACTION.QUEUE_NAME),
                        row.get("waiting", OffsetDateTime.class),
                        row.get(INTERACTION.ANSWERED_AT),
                        row.get(activity),
                        row.get(customerAt),
                        row.get(awaiting),
                        row.get(messages)));
    }
}

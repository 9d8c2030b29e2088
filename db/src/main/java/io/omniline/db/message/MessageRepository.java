package io.omniline.db.message;

import static io.omniline.db.jooq.Tables.INTERACTION;
import static io.omniline.db.jooq.Tables.MESSAGE;

import io.omniline.db.Json;
import io.omniline.db.NotFoundException;
import io.omniline.db.RenderedStatement;
import io.omniline.db.interaction.Channel;
import io.omniline.db.jooq.tables.records.MessageRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;

/** Messages of chat, email and SMS interactions. */
public final class MessageRepository {

    private final DSLContext dsl;

    public MessageRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Stores a message and returns it as committed. A message whose external id is already stored
     * in that interaction is not stored twice: the stored one is returned, so redelivery is safe.
     */
    public Message append(NewMessage message) {
        Result<Record> stored = APPEND.fetch(
                dsl,
                message.interactionId(),
                message.authorKind(),
                message.agentId(),
                message.body(),
                message.contentType(),
                message.externalId(),
                message.deliveryState(),
                message.sentAt(),
                Json.jsonb(message.metadata()));
        return stored.stream()
                .findFirst()
                .map(row -> message(row.into(MESSAGE)))
                .orElseGet(() -> dsl.selectFrom(MESSAGE)
                        .where(MESSAGE.INTERACTION_ID
                                .eq(message.interactionId())
                                .and(MESSAGE.EXTERNAL_ID.eq(message.externalId())))
                        .fetchSingle(MessageRepository::message));
    }

    /** Every message of every channel is stored here: rendered once (see {@link RenderedStatement}). */
    private static final RenderedStatement APPEND = RenderedStatement.of(
            DSL.insertInto(MESSAGE)
                    .set(MESSAGE.INTERACTION_ID, DSL.param(MESSAGE.INTERACTION_ID))
                    .set(MESSAGE.AUTHOR_KIND, DSL.param(MESSAGE.AUTHOR_KIND))
                    .set(MESSAGE.AGENT_ID, DSL.param(MESSAGE.AGENT_ID))
                    .set(MESSAGE.BODY, DSL.param(MESSAGE.BODY))
                    .set(MESSAGE.CONTENT_TYPE, DSL.param(MESSAGE.CONTENT_TYPE))
                    .set(MESSAGE.EXTERNAL_ID, DSL.param(MESSAGE.EXTERNAL_ID))
                    .set(MESSAGE.DELIVERY_STATE, DSL.param(MESSAGE.DELIVERY_STATE))
                    .set(MESSAGE.SENT_AT, DSL.coalesce(DSL.param(MESSAGE.SENT_AT), DSL.currentOffsetDateTime()))
                    .set(MESSAGE.METADATA, DSL.param(MESSAGE.METADATA))
                    .onConflictDoNothing()
                    .returning(),
            MESSAGE.fields());

    public Optional<Message> findById(long id) {
        return dsl.selectFrom(MESSAGE).where(MESSAGE.ID.eq(id)).fetchOptional(MessageRepository::message);
    }

    /** The interaction's messages in the order they were sent. */
    public List<Message> transcript(long interactionId) {
        return dsl.selectFrom(MESSAGE)
                .where(MESSAGE.INTERACTION_ID.eq(interactionId))
                .orderBy(MESSAGE.SENT_AT, MESSAGE.ID)
                .fetch(MessageRepository::message);
    }

    /** A message by its channel id (an email's Message-ID) in any interaction of that channel. */
    public Optional<Message> findByExternalId(Channel channel, String externalId) {
        return dsl.select(MESSAGE.fields())
                .from(MESSAGE)
                .join(INTERACTION)
                .on(INTERACTION.ID.eq(MESSAGE.INTERACTION_ID))
                .where(MESSAGE.EXTERNAL_ID.eq(externalId).and(INTERACTION.CHANNEL.eq(channel)))
                .orderBy(MESSAGE.ID)
                .limit(1)
                .fetchOptional(row -> message(row.into(MESSAGE)));
    }

    /** Where an outgoing message stands: queued, sent, delivered or failed. */
    public Message setDeliveryState(long messageId, String state) {
        return dsl.update(MESSAGE)
                .set(MESSAGE.DELIVERY_STATE, state)
                .where(MESSAGE.ID.eq(messageId))
                .returning()
                .fetchOptional(MessageRepository::message)
                .orElseThrow(() -> new NotFoundException("message", messageId));
    }

    public static Message message(MessageRecord row) {
        return new Message(
                row.getId(),
                row.getInteractionId(),
                row.getAuthorKind(),
                row.getAgentId(),
                row.getBody(),
                row.getContentType(),
                row.getExternalId(),
                row.getDeliveryState(),
                row.getSentAt(),
                Json.map(row.getMetadata()));
    }
}

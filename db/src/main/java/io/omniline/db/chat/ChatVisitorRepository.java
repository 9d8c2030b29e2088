package io.omniline.db.chat;

import static io.omniline.db.jooq.Tables.CHAT_VISITOR;
import static io.omniline.db.jooq.Tables.INTERACTION;

import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.InteractionStates;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * When each chat's visitor was last seen connected, kept fresh by the nodes that hold their
 * sockets, so a chat whose visitor went away can be told from one whose visitor is merely
 * connected to another node.
 */
public final class ChatVisitorRepository {

    private final DSLContext dsl;

    public ChatVisitorRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The visitors of these chats are connected now. */
    public void seen(Collection<Long> interactionIds, OffsetDateTime at) {
        if (interactionIds.isEmpty()) {
            return;
        }
        dsl.insertInto(CHAT_VISITOR, CHAT_VISITOR.INTERACTION_ID, CHAT_VISITOR.SEEN_AT)
                .select(DSL.select(DSL.field("id", Long.class), DSL.val(at))
                        .from(DSL.unnest(interactionIds.toArray(Long[]::new)).as("seen", "id")))
                .onConflict(CHAT_VISITOR.INTERACTION_ID)
                .doUpdate()
                .set(CHAT_VISITOR.SEEN_AT, DSL.greatest(CHAT_VISITOR.SEEN_AT, DSL.excluded(CHAT_VISITOR.SEEN_AT)))
                .execute();
    }

    /**
     * Ends every chat still waiting for an agent (queued, or offered and not yet taken) whose
     * visitor was last seen before {@code cutoff}, as abandoned in the queue, and forgets visitors
     * gone that long.
     *
     * @return the chats ended now
     */
    public List<Interaction> endAbandoned(OffsetDateTime cutoff) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            List<Interaction> ended = tx.update(INTERACTION)
                    .set(INTERACTION.STATE, InteractionState.ended)
                    .set(INTERACTION.OUTCOME, InteractionOutcome.abandoned_in_queue)
                    .set(INTERACTION.ENDED_AT, DSL.currentOffsetDateTime())
                    .where(INTERACTION.ID.in(DSL.select(INTERACTION.ID)
                            .from(INTERACTION)
                            .leftJoin(CHAT_VISITOR)
                            .on(CHAT_VISITOR.INTERACTION_ID.eq(INTERACTION.ID))
                            .where(INTERACTION
                                    .CHANNEL
                                    .eq(Channel.chat)
                                    .and(InteractionStates.in(InteractionState.queued, InteractionState.offered))
                                    .and(DSL.coalesce(CHAT_VISITOR.SEEN_AT, INTERACTION.STARTED_AT)
                                            .lt(cutoff)))
                            .forUpdate()
                            .of(INTERACTION)
                            .skipLocked()))
                    .returning()
                    .fetch(InteractionRepository::interaction);
            tx.deleteFrom(CHAT_VISITOR).where(CHAT_VISITOR.SEEN_AT.lt(cutoff)).execute();
            return ended;
        });
    }
}

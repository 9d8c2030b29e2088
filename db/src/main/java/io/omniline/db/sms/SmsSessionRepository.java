package io.omniline.db.sms;

import static io.omniline.db.jooq.Tables.INTERACTION;
import static io.omniline.db.jooq.Tables.MESSAGE;

import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import java.time.Duration;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * SMS sessions: the texts of one sender with no more than an inactivity window between them
 * form one conversation, keyed by the sender in the interaction's linked id.
 */
public final class SmsSessionRepository {

    private final DSLContext dsl;

    public SmsSessionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The sender's open session whose last message is within the window, locked until the
     * transaction ends, so two texts arriving together join the same session. Call inside the
     * transaction that stores the text.
     */
    public Optional<Interaction> current(String sender, Duration window) {
        return dsl.selectFrom(INTERACTION)
                .where(INTERACTION
                        .CHANNEL
                        .eq(Channel.sms)
                        .and(INTERACTION.LINKED_ID.eq(sender))
                        .and(INTERACTION.STATE.in(
                                InteractionState.queued, InteractionState.offered, InteractionState.active))
                        .and(DSL.exists(DSL.selectOne()
                                .from(MESSAGE)
                                .where(MESSAGE.INTERACTION_ID.eq(INTERACTION.ID))
                                .and(DSL.condition(
                                        "{0} > now() - {1}::interval",
                                        MESSAGE.SENT_AT, DSL.val(window.toSeconds() + " seconds"))))))
                .orderBy(INTERACTION.STARTED_AT.desc())
                .limit(1)
                .forUpdate()
                .fetchOptional(InteractionRepository::interaction);
    }
}

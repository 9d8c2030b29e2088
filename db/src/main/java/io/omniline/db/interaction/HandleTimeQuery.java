package io.omniline.db.interaction;

import static io.omniline.db.jooq.Tables.INTERACTION;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.OptionalDouble;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** How long a queue's recent calls kept an agent: the basis of the wait a new caller is told. */
public final class HandleTimeQuery {

    private final DSLContext dsl;

    public HandleTimeQuery(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The average talk time of the queue's calls answered in the last {@code window}; empty when there were none. */
    public OptionalDouble averageTalkSeconds(String queue, Duration window) {
        BigDecimal average = dsl.select(DSL.avg(INTERACTION.TALK_SECONDS))
                .from(INTERACTION)
                .where(INTERACTION
                        .QUEUE_NAME
                        .eq(queue)
                        .and(INTERACTION.CHANNEL.eq(Channel.voice))
                        .and(INTERACTION.QUEUED_AT.ge(DSL.field(
                                "now() - {0} * interval '1 second'",
                                OffsetDateTime.class, DSL.val(window.toSeconds()))))
                        .and(INTERACTION.TALK_SECONDS.isNotNull()))
                .fetchOne(0, BigDecimal.class);
        return average == null ? OptionalDouble.empty() : OptionalDouble.of(average.doubleValue());
    }
}

package io.omniline.db.interaction;

import static io.omniline.db.jooq.Tables.INTERACTION;

import java.time.Instant;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;

/** Service level per queue computed from the calls themselves, so it survives an Asterisk restart. */
public final class ServiceLevelQuery {

    private final DSLContext dsl;

    public ServiceLevelQuery(DSLContext dsl) {
        this.dsl = dsl;
    }

    public ServiceLevel since(String queue, Instant since, int thresholdSeconds) {
        Record3<Integer, Integer, Integer> counts = dsl.select(
                        DSL.count()
                                .filterWhere(INTERACTION
                                        .ANSWERED_AT
                                        .isNotNull()
                                        .and(INTERACTION.HOLD_SECONDS.le(thresholdSeconds))),
                        DSL.count().filterWhere(INTERACTION.ANSWERED_AT.isNotNull()),
                        DSL.count()
                                .filterWhere(INTERACTION
                                        .ANSWERED_AT
                                        .isNull()
                                        .and(INTERACTION.OUTCOME.eq(InteractionOutcome.abandoned_in_queue))))
                .from(INTERACTION)
                .where(INTERACTION
                        .QUEUE_NAME
                        .eq(queue)
                        .and(INTERACTION.CHANNEL.eq(Channel.voice))
                        .and(INTERACTION.QUEUED_AT.ge(since.atOffset(ZoneOffset.UTC))))
                .fetchSingle();
        return new ServiceLevel(queue, thresholdSeconds, counts.value1(), counts.value2(), counts.value3());
    }
}

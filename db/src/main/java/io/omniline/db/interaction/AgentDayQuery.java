package io.omniline.db.interaction;

import static io.omniline.db.jooq.Tables.INTERACTION;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Each agent's day for the supervisor's floor: how many contacts they answered since a moment
 * (midnight) and their average handle time — talk time for calls, answer to end for chats,
 * emails and SMS — over those already finished.
 */
public final class AgentDayQuery {

    /** @param averageHandleSeconds null while none of the day's contacts has finished */
    public record AgentDay(int handled, Integer averageHandleSeconds) {}

    private static final Field<BigDecimal> HANDLE_SECONDS = DSL.field(
            "coalesce({0}, extract(epoch from {1} - {2}))",
            BigDecimal.class, INTERACTION.TALK_SECONDS, INTERACTION.ENDED_AT, INTERACTION.ANSWERED_AT);

    private final DSLContext dsl;

    public AgentDayQuery(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One agent's contacts answered from {@code from} (inclusive) to {@code to} (exclusive). */
    public AgentDay of(long agentId, Instant from, Instant to) {
        Field<BigDecimal> average = DSL.avg(HANDLE_SECONDS).as("average");
        var row = dsl.select(DSL.count().as("handled"), average)
                .from(INTERACTION)
                .where(INTERACTION
                        .AGENT_ID
                        .eq(agentId)
                        .and(INTERACTION.ANSWERED_AT.ge(OffsetDateTime.ofInstant(from, ZoneOffset.UTC)))
                        .and(INTERACTION.ANSWERED_AT.lt(OffsetDateTime.ofInstant(to, ZoneOffset.UTC))))
                .fetchSingle();
        return new AgentDay(row.get("handled", Integer.class), seconds(row.get(average)));
    }

    private static Integer seconds(BigDecimal seconds) {
        return seconds == null
                ? null
                : seconds.setScale(0, RoundingMode.HALF_UP).intValue();
    }

    public Map<Long, AgentDay> since(Instant start) {
        Field<BigDecimal> average = DSL.avg(HANDLE_SECONDS).as("average");
        Map<Long, AgentDay> days = new HashMap<>();
        dsl.select(INTERACTION.AGENT_ID, DSL.count().as("handled"), average)
                .from(INTERACTION)
                .where(INTERACTION
                        .AGENT_ID
                        .isNotNull()
                        .and(INTERACTION.ANSWERED_AT.ge(OffsetDateTime.ofInstant(start, ZoneOffset.UTC))))
                .groupBy(INTERACTION.AGENT_ID)
                .forEach(row -> {
                    BigDecimal seconds = row.get(average);
                    days.put(
                            row.get(INTERACTION.AGENT_ID),
                            new AgentDay(row.get("handled", Integer.class), seconds(seconds)));
                });
        return days;
    }
}

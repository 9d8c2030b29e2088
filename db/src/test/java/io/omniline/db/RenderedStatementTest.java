package io.omniline.db;

import static io.omniline.db.jooq.Tables.CUSTOMER;
import static io.omniline.db.jooq.Tables.INTERACTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Direction;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.testing.TestDatabase;
import java.util.Map;
import org.jooq.JSONB;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RenderedStatementTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final RenderedStatement INSERT = RenderedStatement.of(
            DSL.insertInto(INTERACTION)
                    .set(INTERACTION.CHANNEL, DSL.param(INTERACTION.CHANNEL))
                    .set(INTERACTION.DIRECTION, DSL.inline(Direction.inbound, INTERACTION.DIRECTION))
                    .set(INTERACTION.STATE, DSL.param(INTERACTION.STATE))
                    .set(INTERACTION.EXTERNAL_ID, DSL.param(INTERACTION.EXTERNAL_ID))
                    .set(INTERACTION.SUBJECT, DSL.param(INTERACTION.SUBJECT))
                    .set(INTERACTION.METADATA, DSL.param(INTERACTION.METADATA))
                    .returning(INTERACTION.ID, INTERACTION.CHANNEL, INTERACTION.SUBJECT, INTERACTION.METADATA),
            INTERACTION.ID,
            INTERACTION.CHANNEL,
            INTERACTION.SUBJECT,
            INTERACTION.METADATA);

    @Test
    void enumsJsonAndNullsAreBoundThroughTheColumnsTypesAndRowsComeBackTyped() {
        var row = INSERT.fetch(
                        db.dsl(), Channel.chat, InteractionState.queued, "x-1", null, JSONB.valueOf("{\"a\": 1}"))
                .get(0);

        assertThat(row.get(INTERACTION.CHANNEL)).isEqualTo(Channel.chat);
        assertThat(row.get(INTERACTION.SUBJECT)).isNull();
        assertThat(Json.map(row.get(INTERACTION.METADATA))).isEqualTo(Map.of("a", 1));
    }

    @Test
    void aRefusedStatementIsJooqsFailureWithItsSqlState() {
        INSERT.fetch(db.dsl(), Channel.email, InteractionState.queued, "x-2", null, JSONB.valueOf("{}"));

        assertThatThrownBy(() -> INSERT.fetch(
                        db.dsl(), Channel.email, InteractionState.queued, "x-2", null, JSONB.valueOf("{}")))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("interaction_external_id_unique")
                .satisfies(e -> assertThat(SqlStates.is((RuntimeException) e, SqlStates.UNIQUE_VIOLATION))
                        .isTrue());
    }

    @Test
    void aWrongNumberOfValuesIsRefusedBeforeTheDatabaseIsAsked() {
        assertThatThrownBy(() -> INSERT.fetch(db.dsl(), Channel.chat))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the statement takes 5 values, 1 given");
    }

    @Test
    void aConstantValueCannotBeRenderedOnceSinceEveryExecutionWouldBindIt() {
        assertThatThrownBy(() -> RenderedStatement.of(
                        DSL.selectFrom(CUSTOMER).where(CUSTOMER.DISPLAY_NAME.eq("Ann")), CUSTOMER.fields()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("constant Ann");
    }
}

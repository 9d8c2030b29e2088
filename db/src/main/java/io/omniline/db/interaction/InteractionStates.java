package io.omniline.db.interaction;

import static io.omniline.db.jooq.Tables.INTERACTION;

import java.util.Arrays;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Conditions on an interaction's state with the states written into the SQL as literals. A bound
 * state reaches PostgreSQL as text cast to the enum, which the planner cannot evaluate while
 * planning, so it cannot prove the condition implies the partial index interaction_live's
 * {@code state <> 'ended'}: every plan then reads every interaction ever stored (two seconds a
 * query on a million customers, for the wallboard's every refresh).
 */
public final class InteractionStates {

    private InteractionStates() {}

    /** The interaction is in one of {@code states}. */
    public static Condition in(InteractionState... states) {
        return INTERACTION.STATE.in(Arrays.stream(states)
                .map(state -> DSL.inline(state, INTERACTION.STATE))
                .toList());
    }
}

package io.omniline.db;

import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Runs a unit of work in one database transaction: the work gets {@link Repositories} bound to
 * that transaction, commits when it returns and rolls back when it throws (the exception goes on
 * to the caller unchanged when it is unchecked).
 */
public final class Transactions {

    private final DSLContext dsl;

    public Transactions(DSLContext dsl) {
        this.dsl = dsl;
    }

    public <T> T call(Function<Repositories, T> work) {
        return dsl.transactionResult(config -> work.apply(new Repositories(config.dsl())));
    }
}

package io.omniline.bench.node;

import java.util.List;
import org.jooq.DSLContext;

/** Contact details of customers in the node's database, picked at random, to call and write from. */
public final class SeededCustomers {

    private final DSLContext dsl;

    public SeededCustomers(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** E.164 phone numbers of customers who are (or are not) VIP. */
    public List<String> phones(boolean vip, int limit) {
        return dsl.resultQuery("""
                SELECT ci.value FROM customer_identity ci JOIN customer c ON c.id = ci.customer_id
                WHERE ci.kind = 'phone' AND c.merged_into IS NULL
                  AND (coalesce(c.attributes -> 'vip', 'false'::jsonb) = 'true'::jsonb) = {0}
                ORDER BY random() LIMIT {1}""", vip, limit).fetch(0, String.class);
    }

    public List<String> emails(int limit) {
        return dsl.resultQuery("""
                SELECT ci.value FROM customer_identity ci JOIN customer c ON c.id = ci.customer_id
                WHERE ci.kind = 'email' AND c.merged_into IS NULL ORDER BY random() LIMIT {0}""", limit)
                .fetch(0, String.class);
    }
}

package io.omniline.db.bench;

import static io.omniline.db.jooq.Tables.CUSTOMER_IDENTITY;

import io.omniline.db.identity.Identity;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * What {@code ./omniline bench} reads from a node's database to drive a run and to check its
 * results from outside the node: sampled contact details, what got stored, estimated table sizes.
 * Never used by the product itself.
 */
public final class BenchQueries {

    private final DSLContext dsl;

    public BenchQueries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A stored message as the bench sees it: its id and the id it came in under. */
    public record StoredMessage(long id, String externalId) {}

    /** The interaction of a tracked call as stored. */
    public record CallMarks(long id, String state, String outcome, Long agentId, boolean offered, boolean answered) {}

    public boolean hasCustomers() {
        return dsl.fetchExists(DSL.table("customer"));
    }

    /** E.164 phone numbers of customers who are (or are not) VIP, picked at random. */
    public List<String> phones(boolean vip, int limit) {
        return dsl.resultQuery("""
                SELECT ci.value FROM customer_identity ci JOIN customer c ON c.id = ci.customer_id
                WHERE ci.kind = 'phone' AND c.merged_into IS NULL
                  AND (coalesce(c.attributes -> 'vip', 'false'::jsonb) = 'true'::jsonb) = {0}
                ORDER BY random() LIMIT {1}""", vip, limit).fetch(0, String.class);
    }

    /** Email addresses of customers, picked at random. */
    public List<String> emails(int limit) {
        return dsl.resultQuery("""
                SELECT ci.value FROM customer_identity ci JOIN customer c ON c.id = ci.customer_id
                WHERE ci.kind = 'email' AND c.merged_into IS NULL ORDER BY random() LIMIT {0}""", limit).fetch(0, String.class);
    }

    /** Random identities spread over the whole table, so a measurement is not all cache hits. */
    public List<Identity> identities(int count) {
        return dsl.select(CUSTOMER_IDENTITY.KIND, CUSTOMER_IDENTITY.VALUE)
                .from(CUSTOMER_IDENTITY)
                .orderBy(DSL.rand())
                .limit(count)
                .fetch(row -> new Identity(row.value1(), row.value2()));
    }

    /** The highest message id so far (0 for none): messages after it are the run's. */
    public long lastMessageId() {
        return dsl.resultQuery("SELECT coalesce(max(id), 0) FROM message").fetchOne(0, Long.class);
    }

    public long messagesAfter(long id, String externalIdPrefix) {
        return dsl.resultQuery(
                        "SELECT count(*) FROM message WHERE id > {0} AND external_id LIKE {1}",
                        id, externalIdPrefix + "%")
                .fetchOne(0, Long.class);
    }

    /** Messages after {@code id} whose interaction waits in {@code queue} or is offered to or held by an agent. */
    public List<StoredMessage> routedMessagesAfter(long id, String queue) {
        return dsl.resultQuery("""
                SELECT m.id, m.external_id FROM message m JOIN interaction i ON i.id = m.interaction_id
                WHERE m.id > {0} AND i.queue_name = {1} AND i.state IN ('queued', 'offered', 'active')""", id, queue)
                .fetch(row -> new StoredMessage(row.get(0, Long.class), row.get(1, String.class)));
    }

    /**
     * Where each of these messages ended up: its interaction's queue and state, or "not stored".
     * Says, for a message a benchmark missed, whether it was lost or routed somewhere else.
     */
    public Map<String, String> whereabouts(Collection<String> externalIds) {
        Map<String, String> found = new TreeMap<>();
        externalIds.forEach(id -> found.put(id, "not stored"));
        dsl.resultQuery("""
                        SELECT m.external_id, i.id, i.queue_name, i.state::text FROM message m
                        LEFT JOIN interaction i ON i.id = m.interaction_id WHERE m.external_id = ANY({0})""", (Object) externalIds.toArray(String[]::new))
                .forEach(row -> found.put(
                        row.get(0, String.class),
                        "stored on interaction " + row.get(1, Long.class) + ", queue " + row.get(2, String.class)
                                + ", state " + row.get(3, String.class)));
        return found;
    }

    /** Calls whose last event's mark is stored: wrap-up (or later) for answered calls, ended as abandoned otherwise. */
    public long endedCalls(Long[] interactionIds) {
        return dsl.resultQuery("""
                SELECT count(*) FROM interaction WHERE id = ANY({0})
                  AND (state IN ('wrap_up', 'ended') AND answered_at IS NOT NULL
                       OR state = 'ended' AND outcome = 'abandoned_in_queue')""", (Object) interactionIds).fetchOne(0, Long.class);
    }

    public List<CallMarks> callMarks(Long[] interactionIds) {
        return dsl.resultQuery("""
                SELECT id, state::text AS state, outcome::text AS outcome, agent_id, offered_at IS NOT NULL AS offered,
                       answered_at IS NOT NULL AS answered
                FROM interaction WHERE id = ANY({0})""", (Object) interactionIds).fetch(BenchQueries::marks);
    }

    /** Rows in a table, as PostgreSQL's statistics estimate them (a count of 10M rows takes seconds). */
    public long estimatedRows(String table) {
        return dsl.resultQuery("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE relname = {0}", table)
                .fetchOne(0, Long.class);
    }

    private static CallMarks marks(Record row) {
        return new CallMarks(
                row.get("id", Long.class),
                row.get("state", String.class),
                row.get("outcome", String.class),
                row.get("agent_id", Long.class),
                row.get("offered", Boolean.class),
                row.get("answered", Boolean.class));
    }
}

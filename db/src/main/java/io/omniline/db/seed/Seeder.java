package io.omniline.db.seed;

import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Fills the database with synthetic customers and their history on every channel, fast enough
 * for millions of rows: rows are generated in chunks of customers on one thread while the
 * previous chunk is loaded with COPY on another, one transaction per chunk. Ids are reserved
 * from each table's identity sequence up front, so a seed can be added to a database that
 * already has data, and while a seed runs ordinary inserts do not collide with it.
 *
 * <p>Each customer gets a phone number (and usually an email address), one IVR call that was
 * queued and answered, one chat, one email thread and one SMS session.
 */
public final class Seeder {

    private static final int SEED_AGENTS = 20;
    private static final int CHUNK_CUSTOMERS = 10_000;
    private static final long YEAR_SECONDS = 365L * 24 * 3600;

    private final DataSource dataSource;

    public Seeder(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param customersDone told the number of customers committed so far, after each chunk
     */
    public SeedSummary seed(SeedPlan plan, LongConsumer customersDone) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        List<Long> agents = seedAgents();
        try (Connection connection = dataSource.getConnection()) {
            Ids ids = new Ids(
                    reserve(connection, "customer", plan.customers()),
                    reserve(connection, "customer_identity", 3L * plan.customers()),
                    reserve(connection, "interaction", 4L * plan.customers()),
                    reserve(connection, "message", plan.messages()));
            prepareForImport(connection);
            Generator generator = new Generator(plan, ids, agents);
            Counts counts = new Counts();
            try (ExecutorService producer = Executors.newSingleThreadExecutor()) {
                Future<Chunk> next = producer.submit(generator::nextChunk);
                while (true) {
                    Chunk chunk = next.get();
                    if (chunk == null) {
                        break;
                    }
                    next = producer.submit(generator::nextChunk);
                    chunk.load(connection);
                    counts.add(chunk);
                    customersDone.accept(counts.customers);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("generating seed rows failed", e.getCause());
            }
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("ANALYZE customer, customer_identity, interaction, ivr_step, message");
            }
            return new SeedSummary(
                    counts.customers,
                    counts.identities,
                    counts.interactions,
                    counts.ivrSteps,
                    counts.messages,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private List<Long> seedAgents() {
        AgentRepository agents = new AgentRepository(DSL.using(dataSource, SQLDialect.POSTGRES));
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= SEED_AGENTS; i++) {
            String login = "seed-agent-%02d".formatted(i);
            String name = "Seed Agent " + i;
            String sipInterface = "PJSIP/" + (1900 + i);
            ids.add(agents.findByLogin(login)
                    .map(Agent::id)
                    .orElseGet(() -> agents.create(
                                    login, name, sipInterface, Map.of("support", 5), Map.of("support", 0), "seed")
                            .id()));
        }
        return ids;
    }

    /** Moves the table's identity sequence past {@code count} ids and returns the first of them. */
    private static long reserve(Connection connection, String table, long count) throws SQLException {
        String sequence = "pg_get_serial_sequence('" + table + "', 'id')";
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT setval(" + sequence + ", greatest("
                        + "(SELECT coalesce(max(id), 0) FROM " + table + "), (SELECT coalesce(last_value, 0) FROM "
                        + "pg_sequences WHERE schemaname || '.' || sequencename = " + sequence + ")) + " + count
                        + ") - "
                        + count + " + 1")) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * Finished interactions may be written as they were (see the interaction_transition_guard
     * trigger). A superuser also skips per-row foreign key triggers, which the generator
     * satisfies by construction; anyone else keeps them and loads more slowly.
     */
    private static void prepareForImport(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET omniline.import = 'on'");
            statement.execute("SET synchronous_commit = off");
            try (ResultSet superuser =
                    statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                if (superuser.next() && superuser.getBoolean(1)) {
                    statement.execute("SET session_replication_role = replica");
                }
            }
        }
        connection.setAutoCommit(false);
    }

    private record Ids(long customer, long identity, long interaction, long message) {}

    private static final class Counts {
        long customers;
        long identities;
        long interactions;
        long ivrSteps;
        long messages;

        void add(Chunk chunk) {
            customers += chunk.customers.rows();
            identities += chunk.identities.rows();
            interactions += chunk.interactions.rows();
            ivrSteps += chunk.ivrSteps.rows();
            messages += chunk.messages.rows();
        }
    }

    /** The rows of a run of customers for every table, loaded parents first in one transaction. */
    private record Chunk(
            CsvRows customers, CsvRows identities, CsvRows interactions, CsvRows ivrSteps, CsvRows messages) {

        static Chunk empty() {
            return new Chunk(
                    new CsvRows("customer (id, display_name, attributes, created_at, updated_at)"),
                    new CsvRows("customer_identity (id, customer_id, kind, value, verified, created_at)"),
                    new CsvRows("interaction (id, customer_id, channel, direction, state, outcome, queue_name,"
                            + " priority, agent_id, external_id, linked_id, subject, started_at, queued_at, offered_at,"
                            + " answered_at, ended_at, hold_seconds, talk_seconds, disposition, notes, metadata)"),
                    new CsvRows("ivr_step (interaction_id, seq, node_id, node_type, input, outcome, at)"),
                    new CsvRows("message (id, interaction_id, author_kind, agent_id, body, content_type,"
                            + " external_id, delivery_state, sent_at)"));
        }

        void load(Connection connection) throws SQLException {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try {
                for (CsvRows rows : List.of(customers, identities, interactions, ivrSteps, messages)) {
                    rows.copyTo(copy);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Writes customers and their history, a chunk at a time; called from one thread. */
    private static final class Generator {

        private final SeedPlan plan;
        private final List<Long> agents;
        private final SplittableRandom random;
        private final SyntheticText text;
        private final long now = Instant.now().getEpochSecond();
        private long nextCustomer;
        private long nextIdentity;
        private long nextInteraction;
        private long nextMessage;
        private long customersWritten;
        private Chunk out;

        Generator(SeedPlan plan, Ids ids, List<Long> agents) {
            this.plan = plan;
            this.agents = agents;
            this.random = new SplittableRandom(plan.randomSeed());
            this.text = new SyntheticText(random);
            this.nextCustomer = ids.customer();
            this.nextIdentity = ids.identity();
            this.nextInteraction = ids.interaction();
            this.nextMessage = ids.message();
        }

        /** The next chunk of customers, or null when the plan is done. */
        Chunk nextChunk() {
            if (customersWritten == plan.customers()) {
                return null;
            }
            out = Chunk.empty();
            long perCustomer = plan.messages() / plan.customers();
            long remainder = plan.messages() % plan.customers();
            long end = Math.min(plan.customers(), customersWritten + CHUNK_CUSTOMERS);
            for (; customersWritten < end; customersWritten++) {
                customer(perCustomer + (customersWritten < remainder ? 1 : 0));
            }
            return out;
        }

        private void customer(long messages) {
            long id = nextCustomer++;
            String first = text.firstName();
            String last = text.lastName();
            long since = now - random.nextLong(YEAR_SECONDS);
            boolean vip = random.nextInt(20) == 0;
            String language = random.nextInt(5) == 0 ? "es" : "en";
            out.customers
                    .value(id)
                    .value(first + " " + last)
                    .value("{\"vip\": " + vip + ", \"language\": \"" + language + "\"}")
                    .value(timestamp(since))
                    .value(timestamp(since))
                    .endRow();

            identity(id, "phone", phoneFor(id), since);
            if (random.nextInt(10) < 7) {
                identity(id, "email", (first + "." + last + "." + id + "@example.com").toLowerCase(Locale.ROOT), since);
            }

            long email = Math.max(1, messages / 5);
            long sms = Math.max(1, messages / 5);
            long chat = messages - email - sms;
            call(id, since + random.nextLong(Math.max(1, now - since)));
            chat(id, first, chat, since + random.nextLong(Math.max(1, now - since)));
            email(id, first, email, since + random.nextLong(Math.max(1, now - since)));
            sms(id, sms, since + random.nextLong(Math.max(1, now - since)));
        }

        /** Unique per customer id and a possible North American number, so lookups can rebuild it. */
        private static String phoneFor(long customerId) {
            return "+1" + (200 + customerId / 10_000_000) + "%07d".formatted(customerId % 10_000_000);
        }

        private void identity(long customerId, String kind, String value, long at) {
            out.identities
                    .value(nextIdentity++)
                    .value(customerId)
                    .value(kind)
                    .value(value)
                    .value(false)
                    .value(timestamp(at))
                    .endRow();
        }

        private void call(long customerId, long at) {
            long id = nextInteraction++;
            long agent = agent();
            long queued = at + 20 + random.nextInt(40);
            long answered = queued + random.nextInt(300);
            long ended = answered + 60 + random.nextInt(900);
            String uniqueId = at + "." + id;
            interaction(
                    id,
                    customerId,
                    "voice",
                    "support",
                    agent,
                    uniqueId,
                    uniqueId,
                    null,
                    at,
                    queued,
                    answered - 5,
                    answered,
                    ended,
                    (int) (answered - queued),
                    (int) (ended - answered),
                    "resolved");
            String digit = String.valueOf(1 + random.nextInt(3));
            ivrStep(id, 1, "welcome", "play", null, "next", at + 1);
            ivrStep(id, 2, "main-menu", "menu", digit, digit, at + 8);
            ivrStep(id, 3, "to-support", "queue", null, "queued", queued);
        }

        private void chat(long customerId, String firstName, long messages, long at) {
            long id = nextInteraction++;
            long agent = agent();
            long ended = at + 30 * (messages + 1);
            interaction(
                    id,
                    customerId,
                    "chat",
                    "chat",
                    agent,
                    "chat-" + id,
                    null,
                    null,
                    at,
                    at,
                    at + 10,
                    at + 15,
                    ended,
                    15,
                    (int) (ended - at - 15),
                    "resolved");
            for (long m = 0; m < messages; m++) {
                boolean fromCustomer = m % 2 == 0;
                message(
                        id,
                        fromCustomer ? null : agent,
                        fromCustomer ? text.customerLine() : text.agentLine(firstName),
                        "text/plain",
                        null,
                        at + 30 * m);
            }
        }

        private void email(long customerId, String firstName, long messages, long at) {
            long id = nextInteraction++;
            long agent = agent();
            long ended = at + 3600L * (messages + 1);
            interaction(
                    id,
                    customerId,
                    "email",
                    "email",
                    agent,
                    "<thread-" + id + "@mail.example.com>",
                    null,
                    text.subject(),
                    at,
                    at,
                    at + 600,
                    at + 900,
                    ended,
                    900,
                    (int) (ended - at - 900),
                    "answered");
            for (long m = 0; m < messages; m++) {
                boolean fromCustomer = m % 2 == 0;
                String body = fromCustomer ? text.emailBody(firstName) : text.agentLine(firstName);
                message(
                        id,
                        fromCustomer ? null : agent,
                        body,
                        "text/plain",
                        "<" + id + "." + m + "@mail.example.com>",
                        at + 3600L * m);
            }
        }

        private void sms(long customerId, long messages, long at) {
            long id = nextInteraction++;
            long agent = agent();
            long ended = at + 120 * (messages + 1);
            interaction(
                    id,
                    customerId,
                    "sms",
                    "sms",
                    agent,
                    "sms-" + id,
                    null,
                    null,
                    at,
                    at,
                    at + 60,
                    at + 90,
                    ended,
                    90,
                    (int) (ended - at - 90),
                    "answered");
            for (long m = 0; m < messages; m++) {
                boolean fromCustomer = m % 2 == 0;
                message(
                        id,
                        fromCustomer ? null : agent,
                        fromCustomer ? text.customerLine() : "Thanks, we're on it.",
                        "text/plain",
                        null,
                        at + 120 * m);
            }
        }

        private void interaction(
                long id,
                long customerId,
                String channel,
                String queue,
                long agent,
                String externalId,
                String linkedId,
                String subject,
                long started,
                long queued,
                long offered,
                long answered,
                long ended,
                int holdSeconds,
                int talkSeconds,
                String disposition) {
            out.interactions
                    .value(id)
                    .value(customerId)
                    .value(channel)
                    .value("inbound")
                    .value("ended")
                    .value("completed")
                    .value(queue)
                    .value(0)
                    .value(agent)
                    .value(externalId)
                    .value(linkedId)
                    .value(subject)
                    .value(timestamp(started))
                    .value(timestamp(queued))
                    .value(timestamp(offered))
                    .value(timestamp(answered))
                    .value(timestamp(ended))
                    .value(holdSeconds)
                    .value(talkSeconds)
                    .value(disposition)
                    .value("")
                    .value("{}")
                    .endRow();
        }

        private void ivrStep(
                long interactionId, int seq, String node, String type, String input, String outcome, long at) {
            out.ivrSteps
                    .value(interactionId)
                    .value(seq)
                    .value(node)
                    .value(type)
                    .value(input)
                    .value(outcome)
                    .value(timestamp(at))
                    .endRow();
        }

        private void message(
                long interactionId, Long agent, String body, String contentType, String externalId, long at) {
            out.messages
                    .value(nextMessage++)
                    .value(interactionId)
                    .value(agent == null ? "customer" : "agent")
                    .value(agent)
                    .value(body)
                    .value(contentType)
                    .value(externalId)
                    .value(agent == null ? null : "delivered")
                    .value(timestamp(at))
                    .endRow();
        }

        private long agent() {
            return agents.get(random.nextInt(agents.size()));
        }

        private static String timestamp(long epochSecond) {
            return Instant.ofEpochSecond(epochSecond).toString();
        }
    }
}

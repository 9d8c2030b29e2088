package io.omniline.db.seed;

import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * <p>Each customer gets a phone number (and usually an email address), one IVR call, one chat,
 * one email thread and one SMS session, spread over the last year's opening hours (see
 * {@link ContactTimes}) the way reports meet them: calls answered, transferred, abandoned in the
 * IVR or in the queue (short abandons too), ended by the IVR itself, or turned into callbacks;
 * waits, talk and after-call work; a contact reason on most handled contacts, and some customers
 * coming back within days for the same reason on another channel; satisfaction surveys offered
 * and some answered. The seed agents (one per 10,000 customers, 2 to 60) get a shift a day in the
 * agent state log, written once per agent.
 */
public final class Seeder {

    private static final int MIN_AGENTS = 2;
    private static final int MAX_AGENTS = 60;
    private static final int CUSTOMERS_PER_AGENT = 10_000;
    private static final int CHUNK_CUSTOMERS = 10_000;

    static final List<String> REASONS =
            List.of("billing", "delivery", "technical", "account access", "cancellation", "order change");

    private final DataSource dataSource;

    public Seeder(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param customersDone told the number of customers committed so far, after each chunk
     */
    public SeedSummary seed(SeedPlan plan, LongConsumer customersDone) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        long now = Instant.now().getEpochSecond();
        List<Long> agents = seedAgents(Math.clamp(plan.customers() / CUSTOMERS_PER_AGENT, MIN_AGENTS, MAX_AGENTS));
        try (Connection connection = dataSource.getConnection()) {
            Ids ids = new Ids(
                    reserve(connection, "customer", plan.customers()),
                    reserve(connection, "customer_identity", 3L * plan.customers()),
                    reserve(connection, "interaction", 4L * plan.customers()),
                    reserve(connection, "message", plan.messages()));
            prepareForImport(connection);
            Generator generator = new Generator(plan, ids, agents, now);
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
            counts.agentStates = shifts(
                    connection,
                    agents,
                    new AgentShifts(new SplittableRandom(plan.randomSeed()), now),
                    new ContactTimes(new SplittableRandom(plan.randomSeed()), now).historyStart());
            // Written without triggers: the seeded quarter-hours are marked for the report roll-ups here.
            try (PreparedStatement mark = connection.prepareStatement("INSERT INTO report_rollup_dirty (slot)"
                    + " SELECT DISTINCT date_bin(interval '15 minutes', started_at, timestamptz '2000-01-01 00:00:00+00')"
                    + " FROM interaction WHERE id >= ?")) {
                mark.setLong(1, ids.interaction());
                mark.execute();
            }
            connection.commit();
            // Vacuumed as autovacuum would leave a live database: index-only scans (the reports' next-contact
            // lookups) read no table page once the pages are marked all-visible.
            connection.setAutoCommit(true);
            try (Statement vacuum = connection.createStatement()) {
                // A live contact center writes its contacts as they happen, so a day's contacts share pages;
                // the seed writes them customer by customer, which scattered a week's contacts over every page
                // of the table. Put in started order, as a live one's would be.
                vacuum.execute("CLUSTER interaction USING interaction_started");
                vacuum.execute("VACUUM (ANALYZE) customer, customer_identity, interaction, ivr_step, message,"
                        + " csat_survey, agent_state_log");
                // The connection goes back to the pool: whoever takes it next writes with triggers.
                vacuum.execute("RESET omniline.import");
                vacuum.execute("RESET synchronous_commit");
                vacuum.execute("RESET session_replication_role");
            }
            return new SeedSummary(
                    counts.customers,
                    counts.identities,
                    counts.interactions,
                    counts.ivrSteps,
                    counts.messages,
                    counts.surveys,
                    counts.agentStates,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private List<Long> seedAgents(int count) {
        AgentRepository agents = new AgentRepository(DSL.using(dataSource, SQLDialect.POSTGRES));
        Map<String, Integer> queues = Map.of("support", 0, "sales", 0, "billing", 0);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String login = "seed-agent-%02d".formatted(i);
            String name = "Seed Agent " + i;
            String sipInterface = "PJSIP/" + (1900 + i);
            ids.add(agents.findByLogin(login)
                    .map(Agent::id)
                    .orElseGet(() -> agents.create(login, name, sipInterface, Map.of("support", 5), queues, "seed")
                            .id()));
        }
        return ids;
    }

    /** The state log of every seed agent that has none yet (a second seed does not write a second one). */
    private static long shifts(Connection connection, List<Long> agents, AgentShifts shifts, long firstDay)
            throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        long rows = 0;
        try (PreparedStatement logged =
                connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM agent_state_log WHERE agent_id = ?)")) {
            for (int i = 0; i < agents.size(); i++) {
                logged.setLong(1, agents.get(i));
                try (ResultSet exists = logged.executeQuery()) {
                    exists.next();
                    if (exists.getBoolean(1)) {
                        continue;
                    }
                }
                CsvRows log = new CsvRows("agent_state_log (agent_id, state, reason, at, source)");
                shifts.write(log, agents.get(i), i, firstDay);
                log.copyTo(copy);
                connection.commit();
                rows += log.rows();
            }
        }
        return rows;
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
        long surveys;
        long agentStates;

        void add(Chunk chunk) {
            customers += chunk.customers.rows();
            identities += chunk.identities.rows();
            interactions += chunk.interactions.rows();
            ivrSteps += chunk.ivrSteps.rows();
            messages += chunk.messages.rows();
            surveys += chunk.surveys.rows();
        }
    }

    /** The rows of a run of customers for every table, loaded parents first in one transaction. */
    private record Chunk(
            CsvRows customers,
            CsvRows identities,
            CsvRows interactions,
            CsvRows ivrSteps,
            CsvRows messages,
            CsvRows surveys) {

        static Chunk empty() {
            return new Chunk(
                    new CsvRows("customer (id, display_name, attributes, created_at, updated_at)"),
                    new CsvRows("customer_identity (id, customer_id, kind, value, verified, created_at)"),
                    new CsvRows("interaction (id, customer_id, channel, direction, state, outcome, queue_name,"
                            + " priority, agent_id, external_id, linked_id, subject, started_at, queued_at, offered_at,"
                            + " answered_at, wrap_up_at, ended_at, hold_seconds, talk_seconds, disposition, notes,"
                            + " metadata)"),
                    new CsvRows("ivr_step (interaction_id, seq, node_id, node_type, input, outcome, at)"),
                    new CsvRows("message (id, interaction_id, author_kind, agent_id, body, content_type,"
                            + " external_id, delivery_state, sent_at)"),
                    new CsvRows("csat_survey (interaction_id, via, offered_at, score, answered_at)"));
        }

        void load(Connection connection) throws SQLException {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try {
                for (CsvRows rows : List.of(customers, identities, interactions, ivrSteps, messages, surveys)) {
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

        private static final String[] VOICE_QUEUES = {"support", "sales", "billing"};

        private final SeedPlan plan;
        private final List<Long> agents;
        private final SplittableRandom random;
        private final SyntheticText text;
        private final ContactTimes times;
        private long nextCustomer;
        private long nextIdentity;
        private long nextInteraction;
        private long nextMessage;
        private long customersWritten;
        private Chunk out;

        Generator(SeedPlan plan, Ids ids, List<Long> agents, long now) {
            this.plan = plan;
            this.agents = agents;
            this.random = new SplittableRandom(plan.randomSeed());
            this.text = new SyntheticText(random);
            this.times = new ContactTimes(random, now);
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
            long since = times.historyStart() - random.nextLong(ContactTimes.HISTORY_DAYS * ContactTimes.DAY);
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
            long callAt = times.any();
            String callReason = reason();
            // One customer in five comes back within days for the same reason on another channel.
            boolean comesBack = random.nextInt(5) == 0;
            call(id, callAt, callReason);
            chat(id, first, chat, comesBack ? times.after(callAt, 3) : times.any(), comesBack ? callReason : reason());
            email(id, first, email, times.any(), reason());
            sms(id, sms, times.any(), reason());
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

        /**
         * A call through the IVR: 4 % hang up in it, 6 % are served by it (contained), the rest
         * queue; of those, 8 % abandon (a third of them within seconds), 3 % leave a callback
         * request, the others are answered (7 % of those transferred).
         */
        private void call(long customerId, long at, String reason) {
            long id = nextInteraction++;
            String digit = String.valueOf(1 + random.nextInt(3));
            String uniqueId = at + "." + id;
            ivrStep(id, 1, "welcome", "play", null, "next", at + 1);
            int fate = random.nextInt(100);
            if (fate < 4) {
                ended(id, customerId, "voice", uniqueId, uniqueId, at, at + 5 + random.nextInt(20), "abandoned_in_ivr");
                return;
            }
            ivrStep(id, 2, "main-menu", "menu", digit, digit, at + 8);
            if (fate < 10) {
                ivrStep(id, 3, "goodbye", "hangup", null, "hangup", at + 30);
                ended(id, customerId, "voice", uniqueId, uniqueId, at, at + 30 + random.nextInt(60), "hung_up_by_ivr");
                return;
            }
            String queue = VOICE_QUEUES[Integer.parseInt(digit) - 1];
            long queued = at + 12 + random.nextInt(30);
            ivrStep(id, 3, "to-" + queue, "queue", null, "queued", queued);
            if (fate < 18) {
                int wait = fate < 13 ? random.nextInt(5) : 5 + random.nextInt(400);
                queuedOnly(id, customerId, queue, uniqueId, at, queued, wait, "abandoned_in_queue");
                return;
            }
            if (fate < 21) {
                String outcome =
                        fate == 18 ? "callback_requested" : fate == 19 ? "callback_completed" : "callback_failed";
                queuedOnly(id, customerId, queue, uniqueId, at, queued, 30 + random.nextInt(240), outcome);
                return;
            }
            int wait = waitSeconds();
            long answered = queued + wait;
            long wrapUp = answered + 60 + random.nextInt(720);
            long ended = wrapUp + 10 + random.nextInt(110);
            handled(new Handled(
                    id,
                    customerId,
                    "voice",
                    queue,
                    agent(),
                    uniqueId,
                    uniqueId,
                    null,
                    at,
                    queued,
                    answered,
                    wrapUp,
                    ended,
                    wait,
                    (int) (wrapUp - answered),
                    random.nextInt(100) < 7 ? "transferred" : "completed",
                    reason));
            survey(id, "voice", wrapUp, 30, 60);
        }

        /** Most callers are answered within the 20 s service level; some wait minutes. */
        private int waitSeconds() {
            int band = random.nextInt(10);
            return band < 7 ? random.nextInt(20) : band < 9 ? 20 + random.nextInt(100) : 120 + random.nextInt(480);
        }

        /** A chat; one in twenty left the queue before an agent took it (the visitor's lines stay). */
        private void chat(long customerId, String firstName, long messages, long at, String reason) {
            long id = nextInteraction++;
            long agent = agent();
            long wrapUp = at + 30 * (messages + 1);
            boolean abandoned = random.nextInt(20) == 0;
            if (abandoned) {
                queuedOnly(
                        id, customerId, "chat", "chat-" + id, at, at, 20 + random.nextInt(200), "abandoned_in_queue");
            } else {
                int wait = 5 + random.nextInt(40);
                handled(new Handled(
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
                        at + wait,
                        wrapUp,
                        wrapUp + 30 + random.nextInt(90),
                        wait,
                        (int) (wrapUp - at - wait),
                        "completed",
                        reason));
                survey(id, "chat", wrapUp, 50, 40);
            }
            for (long m = 0; m < messages; m++) {
                boolean fromCustomer = abandoned || m % 2 == 0;
                message(
                        id,
                        fromCustomer ? null : agent,
                        fromCustomer ? text.customerLine() : text.agentLine(firstName),
                        "text/plain",
                        null,
                        at + 30 * m);
            }
        }

        private void email(long customerId, String firstName, long messages, long at, String reason) {
            long id = nextInteraction++;
            long agent = agent();
            long wrapUp = at + 3600L * (messages + 1);
            handled(new Handled(
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
                    at + 900,
                    wrapUp,
                    wrapUp + 60 + random.nextInt(240),
                    900,
                    (int) (wrapUp - at - 900),
                    "completed",
                    reason));
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
            survey(id, "email", wrapUp, 40, 20);
        }

        private void sms(long customerId, long messages, long at, String reason) {
            long id = nextInteraction++;
            long agent = agent();
            long wrapUp = at + 120 * (messages + 1);
            handled(new Handled(
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
                    at + 90,
                    wrapUp,
                    wrapUp + 20 + random.nextInt(60),
                    90,
                    (int) (wrapUp - at - 90),
                    "completed",
                    reason));
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
            survey(id, "sms", wrapUp, 40, 20);
        }

        /** A contact's reason as its agent saved it; one in ten is saved without one. */
        private String reason() {
            return random.nextInt(10) == 0 ? null : REASONS.get(random.nextInt(REASONS.size()));
        }

        /** A survey offered after {@code percentOffered} of handled contacts, answered by {@code percentAnswered} of those. */
        private void survey(long interactionId, String via, long at, int percentOffered, int percentAnswered) {
            if (random.nextInt(100) >= percentOffered) {
                return;
            }
            boolean answered = random.nextInt(100) < percentAnswered;
            // Mostly pleased, a tail of unhappy customers.
            int score = new int[] {1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5}[random.nextInt(12)];
            out.surveys
                    .value(interactionId)
                    .value(via)
                    .value(timestamp(at))
                    .value(answered ? score : null)
                    .value(answered ? timestamp(at + 20 + random.nextInt(600)) : null)
                    .endRow();
        }

        /** An interaction an agent answered and wrapped up. */
        private record Handled(
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
                long answered,
                long wrapUp,
                long ended,
                int waitSeconds,
                int talkSeconds,
                String outcome,
                String reason) {}

        private void handled(Handled contact) {
            interaction(
                    contact.id(),
                    contact.customerId(),
                    contact.channel(),
                    contact.queue(),
                    contact.agent(),
                    contact.externalId(),
                    contact.linkedId(),
                    contact.subject(),
                    contact.started(),
                    contact.queued(),
                    contact.answered() - 5,
                    contact.answered(),
                    contact.wrapUp(),
                    contact.ended(),
                    contact.channel().equals("voice") ? contact.waitSeconds() : null,
                    contact.talkSeconds(),
                    contact.outcome(),
                    contact.reason());
        }

        /** A contact that waited in a queue and left it unanswered (abandoned, or for a callback). */
        private void queuedOnly(
                long id,
                long customerId,
                String queue,
                String externalId,
                long at,
                long queued,
                int wait,
                String outcome) {
            boolean voice = !queue.equals("chat");
            interaction(
                    id,
                    customerId,
                    voice ? "voice" : "chat",
                    queue,
                    null,
                    externalId,
                    voice ? externalId : null,
                    null,
                    at,
                    queued,
                    null,
                    null,
                    null,
                    queued + wait,
                    voice ? wait : null,
                    null,
                    outcome,
                    null);
        }

        /** A call that never reached a queue. */
        private void ended(
                long id,
                long customerId,
                String channel,
                String externalId,
                String linkedId,
                long at,
                long end,
                String outcome) {
            interaction(
                    id,
                    customerId,
                    channel,
                    null,
                    null,
                    externalId,
                    linkedId,
                    null,
                    at,
                    null,
                    null,
                    null,
                    null,
                    end,
                    null,
                    null,
                    outcome,
                    null);
        }

        private void interaction(
                long id,
                long customerId,
                String channel,
                String queue,
                Long agent,
                String externalId,
                String linkedId,
                String subject,
                long started,
                Long queued,
                Long offered,
                Long answered,
                Long wrapUp,
                long ended,
                Integer holdSeconds,
                Integer talkSeconds,
                String outcome,
                String disposition) {
            out.interactions
                    .value(id)
                    .value(customerId)
                    .value(channel)
                    .value("inbound")
                    .value("ended")
                    .value(outcome)
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
                    .value(timestamp(wrapUp))
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

        private static String timestamp(Long epochSecond) {
            return epochSecond == null
                    ? null
                    : Instant.ofEpochSecond(epochSecond).toString();
        }
    }
}

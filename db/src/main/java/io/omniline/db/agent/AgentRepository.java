package io.omniline.db.agent;

import static io.omniline.db.jooq.Tables.AGENT;
import static io.omniline.db.jooq.Tables.AGENT_QUEUE;
import static io.omniline.db.jooq.Tables.AGENT_SKILL;
import static io.omniline.db.jooq.Tables.AGENT_SOFTPHONE;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.RenderedStatement;
import io.omniline.db.SqlStates;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.jooq.tables.records.AgentRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/** Agents with their skills and the queues they may join; admin changes are audited. */
public final class AgentRepository {

    private final DSLContext dsl;

    public AgentRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Agent create(
            String login,
            String displayName,
            String sipInterface,
            Map<String, Integer> skills,
            Map<String, Integer> queues,
            String actor) {
        return require(translatingConstraints(
                login,
                sipInterface,
                () -> dsl.transactionResult(config -> {
                    DSLContext tx = config.dsl();
                    long id = tx.insertInto(AGENT)
                            .set(AGENT.LOGIN, login)
                            .set(AGENT.DISPLAY_NAME, displayName)
                            .set(AGENT.SIP_INTERFACE, sipInterface)
                            .returning(AGENT.ID)
                            .fetchSingle(AGENT.ID);
                    replaceSkillsAndQueues(tx, id, skills, queues);
                    AuditLog.write(
                            tx, actor, "agent.create", "agent", id, describe(login, sipInterface, skills, queues));
                    return id;
                })));
    }

    /** Replaces everything an admin edits about an agent. */
    public Agent update(
            long id,
            String displayName,
            String sipInterface,
            Map<String, Integer> skills,
            Map<String, Integer> queues,
            boolean active,
            String actor) {
        return require(translatingConstraints(
                null,
                sipInterface,
                () -> dsl.transactionResult(config -> {
                    DSLContext tx = config.dsl();
                    String login = tx.update(AGENT)
                            .set(AGENT.DISPLAY_NAME, displayName)
                            .set(AGENT.SIP_INTERFACE, sipInterface)
                            .set(AGENT.ACTIVE, active)
                            .where(AGENT.ID.eq(id))
                            .returning(AGENT.LOGIN)
                            .fetchOptional(AGENT.LOGIN)
                            .orElseThrow(() -> new NotFoundException("agent", id));
                    replaceSkillsAndQueues(tx, id, skills, queues);
                    Map<String, Object> details = describe(login, sipInterface, skills, queues);
                    details.put("active", active);
                    AuditLog.write(tx, actor, "agent.update", "agent", id, details);
                    return id;
                })));
    }

    public Optional<Agent> findById(long id) {
        return find(AGENT.ID.eq(id));
    }

    public Optional<Agent> findByLogin(String login) {
        return find(AGENT.LOGIN.eq(login));
    }

    /** The agent an AMI event's Interface names. */
    public Optional<Agent> findBySipInterface(String sipInterface) {
        return find(AGENT.SIP_INTERFACE.eq(sipInterface));
    }

    /** The agent a queue member's interface names, by id alone: one indexed read on the AMI feed's hot paths. */
    public Optional<Long> idBySipInterface(String sipInterface) {
        return ID_BY_SIP_INTERFACE.fetch(dsl, sipInterface).stream().findFirst().map(row -> row.get(AGENT.ID));
    }

    /** Asked at every ring, for the agent the pop goes to: rendered once (see {@link RenderedStatement}). */
    private static final RenderedStatement ID_BY_SIP_INTERFACE = RenderedStatement.of(
            DSL.select(AGENT.ID).from(AGENT).where(AGENT.SIP_INTERFACE.eq(DSL.param(AGENT.SIP_INTERFACE))), AGENT.ID);

    public List<Agent> list() {
        return withDetails(dsl.selectFrom(AGENT).orderBy(AGENT.LOGIN).fetch(), DSL.trueCondition());
    }

    private static long translatingConstraints(String login, String sipInterface, Supplier<Long> write) {
        try {
            return write.get();
        } catch (DataAccessException e) {
            String constraint = SqlStates.serverMessage(e);
            if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION) && constraint.contains("agent_login_unique")) {
                throw new ConflictException("an agent with login \"" + login + "\" exists already", e);
            }
            if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION) && constraint.contains("agent_sip_interface_unique")) {
                throw new ConflictException("SIP interface " + sipInterface + " belongs to another agent", e);
            }
            if (SqlStates.is(e, SqlStates.CHECK_VIOLATION)) {
                throw new IllegalArgumentException("agent rejected: " + constraint, e);
            }
            throw e;
        }
    }

    private Agent require(long id) {
        return findById(id).orElseThrow(() -> new NotFoundException("agent", id));
    }

    private Optional<Agent> find(Condition condition) {
        return dsl.selectFrom(AGENT)
                .where(condition)
                .fetchOptional()
                .map(row -> withDetails(List.of(row), AGENT.ID.eq(row.getId())).get(0));
    }

    /**
     * The agents with their skills, queues and phone, in four queries whatever their number (the
     * floor lists every agent each second). {@code agents} narrows the detail reads to the agents
     * asked for.
     */
    private List<Agent> withDetails(List<AgentRecord> rows, Condition agents) {
        Map<Long, Map<String, Integer>> skills =
                byAgent(dsl.select(AGENT_SKILL.AGENT_ID, AGENT_SKILL.SKILL, AGENT_SKILL.LEVEL)
                        .from(AGENT_SKILL)
                        .join(AGENT)
                        .on(AGENT.ID.eq(AGENT_SKILL.AGENT_ID))
                        .where(agents)
                        .fetch());
        Map<Long, Map<String, Integer>> queues =
                byAgent(dsl.select(AGENT_QUEUE.AGENT_ID, AGENT_QUEUE.QUEUE_NAME, AGENT_QUEUE.PENALTY)
                        .from(AGENT_QUEUE)
                        .join(AGENT)
                        .on(AGENT.ID.eq(AGENT_QUEUE.AGENT_ID))
                        .where(agents)
                        .fetch());
        Set<Long> softphones = new HashSet<>(dsl.select(AGENT_SOFTPHONE.AGENT_ID)
                .from(AGENT_SOFTPHONE)
                .join(AGENT)
                .on(AGENT.ID.eq(AGENT_SOFTPHONE.AGENT_ID))
                .where(agents)
                .fetch(AGENT_SOFTPHONE.AGENT_ID));
        return rows.stream()
                .map(row -> new Agent(
                        row.getId(),
                        row.getLogin(),
                        row.getDisplayName(),
                        row.getSipInterface(),
                        row.getActive(),
                        skills.getOrDefault(row.getId(), new TreeMap<>()),
                        queues.getOrDefault(row.getId(), new TreeMap<>()),
                        softphones.contains(row.getId()) ? PhoneKind.webrtc : PhoneKind.desk))
                .toList();
    }

    /** Rows of (agent id, name, number) as each agent's sorted map of name to number. */
    private static Map<Long, Map<String, Integer>> byAgent(List<? extends Record> rows) {
        Map<Long, Map<String, Integer>> maps = new HashMap<>();
        rows.forEach(row -> maps.computeIfAbsent(row.get(0, Long.class), id -> new TreeMap<>())
                .put(row.get(1, String.class), row.get(2, Integer.class)));
        return maps;
    }

    private static void replaceSkillsAndQueues(
            DSLContext tx, long id, Map<String, Integer> skills, Map<String, Integer> queues) {
        tx.deleteFrom(AGENT_SKILL).where(AGENT_SKILL.AGENT_ID.eq(id)).execute();
        tx.deleteFrom(AGENT_QUEUE).where(AGENT_QUEUE.AGENT_ID.eq(id)).execute();
        skills.forEach((skill, level) -> tx.insertInto(AGENT_SKILL)
                .set(AGENT_SKILL.AGENT_ID, id)
                .set(AGENT_SKILL.SKILL, skill)
                .set(AGENT_SKILL.LEVEL, level)
                .execute());
        queues.forEach((queue, penalty) -> tx.insertInto(AGENT_QUEUE)
                .set(AGENT_QUEUE.AGENT_ID, id)
                .set(AGENT_QUEUE.QUEUE_NAME, queue)
                .set(AGENT_QUEUE.PENALTY, penalty)
                .execute());
    }

    private static Map<String, Object> describe(
            String login, String sipInterface, Map<String, Integer> skills, Map<String, Integer> queues) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("login", login);
        details.put("sipInterface", sipInterface);
        details.put("skills", skills);
        details.put("queues", queues);
        return details;
    }
}

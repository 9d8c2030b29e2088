package io.omniline.db.agent;

import static io.omniline.db.jooq.Tables.AGENT;
import static io.omniline.db.jooq.Tables.AGENT_SOFTPHONE;

import io.omniline.db.NotFoundException;
import io.omniline.db.audit.AuditLog;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Which agents use the softphone in the page, with their sealed SIP passwords. The audit log
 * records that a password was set or removed, never the password.
 */
public final class SoftphoneRepository {

    private final DSLContext dsl;

    public SoftphoneRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Makes the softphone the agent's phone, with this password (replacing any earlier one). */
    public void store(long agentId, SealedPassword password, String actor) {
        dsl.transaction(config -> {
            DSLContext tx = config.dsl();
            if (!tx.fetchExists(AGENT, AGENT.ID.eq(agentId))) {
                throw new NotFoundException("agent", agentId);
            }
            tx.insertInto(AGENT_SOFTPHONE)
                    .set(AGENT_SOFTPHONE.AGENT_ID, agentId)
                    .set(AGENT_SOFTPHONE.SEALED_PASSWORD, password.sealed())
                    .set(AGENT_SOFTPHONE.KEY_ID, password.keyId())
                    .onConflict(AGENT_SOFTPHONE.AGENT_ID)
                    .doUpdate()
                    .set(AGENT_SOFTPHONE.SEALED_PASSWORD, password.sealed())
                    .set(AGENT_SOFTPHONE.KEY_ID, password.keyId())
                    .set(AGENT_SOFTPHONE.UPDATED_AT, OffsetDateTime.now())
                    .execute();
            AuditLog.write(
                    tx, actor, "agent.softphone.set", "agent", agentId, Map.of("phone", PhoneKind.webrtc.name()));
        });
    }

    /** Back to the desk phone; the stored password is deleted. */
    public void remove(long agentId, String actor) {
        dsl.transaction(config -> {
            DSLContext tx = config.dsl();
            if (!tx.fetchExists(AGENT, AGENT.ID.eq(agentId))) {
                throw new NotFoundException("agent", agentId);
            }
            int removed = tx.deleteFrom(AGENT_SOFTPHONE)
                    .where(AGENT_SOFTPHONE.AGENT_ID.eq(agentId))
                    .execute();
            if (removed > 0) {
                AuditLog.write(
                        tx, actor, "agent.softphone.remove", "agent", agentId, Map.of("phone", PhoneKind.desk.name()));
            }
        });
    }

    /** The agent's sealed password, when their phone is the softphone. */
    public Optional<SealedPassword> find(long agentId) {
        return dsl.select(AGENT_SOFTPHONE.SEALED_PASSWORD, AGENT_SOFTPHONE.KEY_ID)
                .from(AGENT_SOFTPHONE)
                .where(AGENT_SOFTPHONE.AGENT_ID.eq(agentId))
                .fetchOptional(row -> new SealedPassword(row.value1(), row.value2()));
    }
}

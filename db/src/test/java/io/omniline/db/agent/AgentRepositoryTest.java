package io.omniline.db.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.audit.AuditEntry;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AgentRepositoryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final AgentRepository agents = new AgentRepository(db.dsl());

    @Test
    void anAgentIsFoundByIdLoginAndSipInterface() {
        Agent alice = agents.create(
                "alice",
                "Alice Agent",
                "PJSIP/2001",
                Map.of("billing", 7, "spanish", 3),
                Map.of("support", 0, "sales", 2),
                "admin");

        assertThat(alice.skills()).containsExactlyInAnyOrderEntriesOf(Map.of("billing", 7, "spanish", 3));
        assertThat(alice.queues()).containsExactlyInAnyOrderEntriesOf(Map.of("support", 0, "sales", 2));
        assertThat(alice.active()).isTrue();
        assertThat(agents.findById(alice.id())).contains(alice);
        assertThat(agents.findByLogin("alice")).contains(alice);
        assertThat(agents.findBySipInterface("PJSIP/2001")).contains(alice);
        assertThat(agents.idBySipInterface("PJSIP/2001")).contains(alice.id());
        assertThat(agents.idBySipInterface("PJSIP/9999")).isEmpty();
        assertThat(agents.list()).contains(alice);
    }

    @Test
    void anUpdateReplacesSkillsAndQueuesAndIsAudited() {
        Agent bob = agents.create("bob", "Bob", "PJSIP/2002", Map.of("billing", 5), Map.of("support", 0), "admin");

        Agent updated = agents.update(bob.id(), "Bob B.", "PJSIP/2012", Map.of("tech", 9), Map.of(), false, "root");

        assertThat(updated.displayName()).isEqualTo("Bob B.");
        assertThat(updated.sipInterface()).isEqualTo("PJSIP/2012");
        assertThat(updated.skills()).containsExactlyEntriesOf(Map.of("tech", 9));
        assertThat(updated.queues()).isEmpty();
        assertThat(updated.active()).isFalse();
        assertThat(new AuditLog(db.dsl()).forEntity("agent", bob.id()))
                .extracting(AuditEntry::action, AuditEntry::actor)
                .containsExactly(tuple("agent.update", "root"), tuple("agent.create", "admin"));
    }

    @Test
    void loginsAndSipInterfacesBelongToOneAgent() {
        agents.create("carol", "Carol", "PJSIP/2003", Map.of(), Map.of(), "admin");

        assertThatThrownBy(() -> agents.create("carol", "Carol 2", "PJSIP/2004", Map.of(), Map.of(), "admin"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("login \"carol\" exists already");
        assertThatThrownBy(() -> agents.create("dave", "Dave", "PJSIP/2003", Map.of(), Map.of(), "admin"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("PJSIP/2003 belongs to another agent");
        assertThat(agents.findByLogin("dave")).isEmpty();
    }

    @Test
    void invalidValuesAreRefusedAndLeaveNothingBehind() {
        assertThatThrownBy(() -> agents.create("erin", "Erin", "not an interface", Map.of(), Map.of(), "admin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agent_sip_interface_shape");
        assertThatThrownBy(() -> agents.create("erin", "Erin", "PJSIP/2005", Map.of("billing", 11), Map.of(), "admin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agent_skill_level_range");
        assertThat(agents.findByLogin("erin")).isEmpty();
        assertThatThrownBy(() -> agents.update(-1, "x", null, Map.of(), Map.of(), true, "admin"))
                .isInstanceOf(NotFoundException.class);
    }
}

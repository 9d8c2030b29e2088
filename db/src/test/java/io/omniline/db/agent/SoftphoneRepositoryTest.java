package io.omniline.db.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.omniline.db.NotFoundException;
import io.omniline.db.audit.AuditEntry;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.testing.TestDatabase;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SoftphoneRepositoryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final AgentRepository agents = new AgentRepository(db.dsl());
    private final SoftphoneRepository softphones = new SoftphoneRepository(db.dsl());

    @Test
    void anAgentKeepsADeskPhoneUntilAnAdminGivesThemTheSoftphoneAndBack() {
        Agent ivy = agents.create("ivy", "Ivy", "PJSIP/3001", Map.of(), Map.of(), "admin");
        assertThat(ivy.phone()).isEqualTo(PhoneKind.desk);

        softphones.store(ivy.id(), sealed(1), "root");
        assertThat(agents.findById(ivy.id()).orElseThrow().phone()).isEqualTo(PhoneKind.webrtc);
        assertThat(softphones.find(ivy.id()).orElseThrow().sealed())
                .isEqualTo(sealed(1).sealed());

        softphones.store(ivy.id(), sealed(2), "root");
        assertThat(softphones.find(ivy.id()).orElseThrow().sealed())
                .as("a new password replaces the old")
                .isEqualTo(sealed(2).sealed());

        softphones.remove(ivy.id(), "root");
        softphones.remove(ivy.id(), "root");
        assertThat(softphones.find(ivy.id())).isEmpty();
        assertThat(agents.findById(ivy.id()).orElseThrow().phone()).isEqualTo(PhoneKind.desk);
        assertThat(new AuditLog(db.dsl()).forEntity("agent", ivy.id()))
                .as("each change audited once, without the sealed password")
                .extracting(AuditEntry::action, AuditEntry::details)
                .containsExactly(
                        tuple("agent.softphone.remove", Map.of("phone", "desk")),
                        tuple("agent.softphone.set", Map.of("phone", "webrtc")),
                        tuple("agent.softphone.set", Map.of("phone", "webrtc")),
                        tuple(
                                "agent.create",
                                Map.of(
                                        "login",
                                        "ivy",
                                        "sipInterface",
                                        "PJSIP/3001",
                                        "skills",
                                        Map.of(),
                                        "queues",
                                        Map.of())));
    }

    @Test
    void anAgentThatDoesNotExistGetsNoSoftphone() {
        assertThatThrownBy(() -> softphones.store(-7, sealed(1), "root")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> softphones.remove(-7, "root")).isInstanceOf(NotFoundException.class);
    }

    private static SealedPassword sealed(int fill) {
        byte[] bytes = new byte[40];
        Arrays.fill(bytes, (byte) fill);
        return new SealedPassword(bytes, "0123456789abcdef");
    }
}

package io.omniline.db.audit;

import static io.omniline.db.jooq.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.testing.TestDatabase;
import java.util.Map;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditLogTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final AuditLog audit = new AuditLog(db.dsl());

    @Test
    void entriesAreReadBackPerEntityNewestFirst() {
        AuditLog.write(db.dsl(), "ann", "thing.create", "thing", 1, Map.of("colour", "blue"));
        AuditLog.write(db.dsl(), "ben", "thing.update", "thing", 1, Map.of("colour", "red"));
        AuditLog.write(db.dsl(), "ann", "thing.create", "thing", 2, Map.of());

        assertThat(audit.forEntity("thing", 1))
                .extracting(AuditEntry::action)
                .containsExactly("thing.update", "thing.create");
        assertThat(audit.forEntity("thing", 1).get(0).details()).containsEntry("colour", "red");
        assertThat(audit.recent(1))
                .singleElement()
                .extracting(AuditEntry::entityId)
                .isEqualTo("2");
    }

    @Test
    void theLogIsAppendOnly() {
        AuditLog.write(db.dsl(), "ann", "thing.delete", "thing", 3, Map.of());

        assertThatThrownBy(() -> db.dsl()
                        .update(AUDIT_LOG)
                        .set(AUDIT_LOG.ACTOR, "nobody")
                        .execute())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("audit_log rows are immutable");
        assertThatThrownBy(() -> db.dsl().deleteFrom(AUDIT_LOG).execute()).hasMessageContaining("immutable");
        assertThat(audit.forEntity("thing", 3)).extracting(AuditEntry::actor).containsExactly("ann");
    }
}

package io.omniline.db.seed;

import static io.omniline.db.jooq.Tables.CUSTOMER;
import static io.omniline.db.jooq.Tables.CUSTOMER_IDENTITY;
import static io.omniline.db.jooq.Tables.INTERACTION;
import static io.omniline.db.jooq.Tables.IVR_STEP;
import static io.omniline.db.jooq.Tables.MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.identity.Identity;
import io.omniline.db.identity.IdentityKind;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.pop.PopContext;
import io.omniline.db.pop.PopContextQuery;
import io.omniline.db.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SeederTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void seedsCustomersWithHistoryOnEveryChannelAndCanBeRunAgain() throws Exception {
        long existingCustomer = db.repositories()
                .customers()
                .create("Before", Map.of(), List.of())
                .id();
        int customersBefore = db.dsl().fetchCount(CUSTOMER);
        int messagesBefore = db.dsl().fetchCount(MESSAGE);
        int stepsBefore = db.dsl().fetchCount(IVR_STEP);
        int identitiesBefore = db.dsl().fetchCount(CUSTOMER_IDENTITY);
        int chatsBefore = db.dsl().fetchCount(INTERACTION, INTERACTION.CHANNEL.eq(Channel.chat));
        Seeder seeder = new Seeder(db.database().dataSource());
        List<Long> progress = new ArrayList<>();

        SeedSummary first = seeder.seed(new SeedPlan(12_000, 120_001, 7), progress::add);
        SeedSummary second = seeder.seed(new SeedPlan(500, 1_500, 8), done -> {});

        assertThat(progress).containsExactly(10_000L, 12_000L);
        assertThat(first.customers()).isEqualTo(12_000);
        assertThat(first.messages()).isEqualTo(120_001);
        assertThat(first.interactions()).isEqualTo(48_000);
        assertThat(first.ivrSteps()).isEqualTo(36_000);
        assertThat(first.identities()).isBetween(12_000L, 24_000L);
        assertThat(db.dsl().fetchCount(CUSTOMER)).isEqualTo(customersBefore + 12_500);
        assertThat(db.dsl().fetchCount(MESSAGE)).isEqualTo(messagesBefore + 121_501);
        assertThat(db.dsl().fetchCount(IVR_STEP)).isEqualTo(stepsBefore + 37_500);
        assertThat(db.dsl().fetchCount(CUSTOMER_IDENTITY))
                .isEqualTo(identitiesBefore + first.identities() + second.identities());
        assertThat(db.dsl().fetchCount(INTERACTION, INTERACTION.CHANNEL.eq(Channel.chat)))
                .isEqualTo(chatsBefore + 12_500);

        // Sequences moved past the seeded ids: ordinary inserts keep working.
        long nextCustomer = db.repositories()
                .customers()
                .create("After", Map.of(), List.of())
                .id();
        assertThat(nextCustomer).isGreaterThan(existingCustomer + 12_500);
        db.repositories().interactions().open(NewInteraction.inboundCall("after-seed", null, nextCustomer, null));
    }

    @Test
    void aSeededCallerPopsWithTheirLastChat() throws Exception {
        new Seeder(db.database().dataSource()).seed(new SeedPlan(50, 500, 1), done -> {});
        String phone = db.dsl()
                .select(CUSTOMER_IDENTITY.VALUE)
                .from(CUSTOMER_IDENTITY)
                .where(CUSTOMER_IDENTITY.KIND.eq(IdentityKind.phone))
                .limit(1)
                .fetchSingle(r -> r.value1());

        PopContext pop = new PopContextQuery(db.dsl(), 10)
                .forIdentity(new Identity(IdentityKind.phone, phone))
                .orElseThrow();

        assertThat(pop.recentInteractions())
                .extracting(i -> i.channel())
                .containsExactlyInAnyOrder(Channel.voice, Channel.chat, Channel.email, Channel.sms);
        assertThat(pop.lastChat())
                .get()
                .satisfies(chat -> assertThat(chat.messages()).hasSize(6));
    }

    @Test
    void aPlanWithTooFewMessagesIsRefused() {
        assertThatThrownBy(() -> new SeedPlan(10, 20, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3 per customer");
        assertThatThrownBy(() -> new SeedPlan(0, 20, 1)).hasMessageContaining("customers must be at least 1");
    }
}

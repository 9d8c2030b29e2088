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
import io.omniline.db.report.ContactFigure;
import io.omniline.db.report.ReportPeriod;
import io.omniline.db.report.ReportRepository;
import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SeederTest {

    // A database per test: the figures below count everything seeded in it.
    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

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
        // Three steps a call, one for the few who hang up at the welcome.
        assertThat(first.ivrSteps()).isBetween(34_000L, 35_999L);
        assertThat(first.identities()).isBetween(12_000L, 24_000L);
        assertThat(db.dsl().fetchCount(CUSTOMER)).isEqualTo(customersBefore + 12_500);
        assertThat(db.dsl().fetchCount(MESSAGE)).isEqualTo(messagesBefore + 121_501);
        assertThat(db.dsl().fetchCount(IVR_STEP)).isEqualTo(stepsBefore + first.ivrSteps() + second.ivrSteps());
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
    void theHistoryFeedsEveryReportFigureOverTheLastYear() throws Exception {
        new Seeder(db.database().dataSource()).seed(new SeedPlan(20_000, 60_000, 11), done -> {});
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(ContactTimes.HISTORY_DAYS + 1));

        ReportPeriod year = period(from, now, ReportPeriod.Interval.WHOLE, ReportPeriod.Grouping.NONE, now);
        Map<ContactFigure, Double> all =
                new ReportRepository(db.dsl()).contactFigures(year).getFirst().figures();

        assertThat(all.get(ContactFigure.CONTACTS)).isEqualTo(80_000.0);
        for (ContactFigure figure : ContactFigure.values()) {
            assertThat(all.get(figure)).as(figure.name()).isPositive();
        }
        // Calls answered within the 20 s threshold for most, not all.
        Map<ContactFigure, Double> calls = new ReportRepository(db.dsl())
                        .contactFigures(
                                period(from, now, ReportPeriod.Interval.WHOLE, ReportPeriod.Grouping.CHANNEL, now))
                        .stream()
                        .filter(row -> row.key().equals("voice"))
                        .findFirst()
                        .orElseThrow()
                        .figures();
        assertThat(calls.get(ContactFigure.ANSWERED_IN_SERVICE_LEVEL) / calls.get(ContactFigure.ANSWERED))
                .isBetween(0.6, 0.95);
        assertThat(all.get(ContactFigure.SWITCHED_CHANNEL) / all.get(ContactFigure.SWITCH_ELIGIBLE))
                .isBetween(0.02, 0.3);
        assertThat(db.dsl()
                        .fetchCount(
                                INTERACTION,
                                INTERACTION
                                        .STARTED_AT
                                        .lt(from.atOffset(ZoneOffset.UTC))
                                        .or(INTERACTION.STARTED_AT.gt(now.atOffset(ZoneOffset.UTC)))))
                .isZero();

        // Every day of the last month, in opening hours more than at night.
        ReportPeriod month = period(
                now.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS),
                now.truncatedTo(ChronoUnit.DAYS),
                ReportPeriod.Interval.DAY,
                ReportPeriod.Grouping.CHANNEL,
                now);
        assertThat(new ReportRepository(db.dsl()).contactFigures(month))
                .hasSize(30 * 4)
                .allSatisfy(row ->
                        assertThat(row.figures().get(ContactFigure.OFFERED)).isPositive());
        ReportPeriod byHour = period(from, now, ReportPeriod.Interval.HOUR, ReportPeriod.Grouping.NONE, now);
        Map<Integer, Double> offeredByHour = new java.util.HashMap<>();
        new ReportRepository(db.dsl())
                .contactFigures(byHour)
                .forEach(row -> offeredByHour.merge(
                        row.interval().getHour(), row.figures().get(ContactFigure.CONTACTS), Double::sum));
        assertThat(offeredByHour.get(10)).isGreaterThan(5 * offeredByHour.get(3));
    }

    @Test
    void seedAgentsGetAShiftADayInTheStateLogOnce() throws Exception {
        Instant now = Instant.now();
        new Seeder(db.database().dataSource()).seed(new SeedPlan(30_000, 90_000, 5), done -> {});
        int logged = db.dsl().fetchCount(DSL.table("agent_state_log"));

        SeedSummary again = new Seeder(db.database().dataSource()).seed(new SeedPlan(100, 300, 6), done -> {});

        assertThat(again.agentStates()).isZero();
        assertThat(db.dsl().fetchCount(DSL.table("agent_state_log"))).isEqualTo(logged);
        ReportPeriod week = period(
                now.minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.DAYS),
                now.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS),
                ReportPeriod.Interval.DAY,
                ReportPeriod.Grouping.AGENT,
                now);
        List<ReportRepository.StateRow> states = new ReportRepository(db.dsl()).stateSeconds(week);
        long seedAgents =
                db.dsl().fetchCount(DSL.table("agent"), DSL.field("login").like("seed-agent-%"));
        assertThat(states).hasSize((int) (7 * seedAgents));
        assertThat(states).allSatisfy(row -> {
            Map<String, Double> seconds = row.secondsByState();
            double loggedIn =
                    seconds.values().stream().mapToDouble(Double::doubleValue).sum();
            assertThat(loggedIn).isBetween(7.5 * 3600, 8.0 * 3600);
            double busy = seconds.getOrDefault("on_call", 0.0) + seconds.getOrDefault("wrap_up", 0.0);
            assertThat(busy / loggedIn).isBetween(0.4, 0.9);
            assertThat(seconds).containsKeys("available", "ringing", "paused");
        });
    }

    private static ReportPeriod period(
            Instant from, Instant to, ReportPeriod.Interval interval, ReportPeriod.Grouping grouping, Instant now) {
        return new ReportPeriod(from, to, now, ZoneOffset.UTC, interval, grouping, 5, 20, 7);
    }

    @Test
    void aPlanWithTooFewMessagesIsRefused() {
        assertThatThrownBy(() -> new SeedPlan(10, 20, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3 per customer");
        assertThatThrownBy(() -> new SeedPlan(0, 20, 1)).hasMessageContaining("customers must be at least 1");
    }
}

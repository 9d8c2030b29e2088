package io.omniline.bridge.surveys;

import static io.omniline.db.jooq.Tables.CSAT_SURVEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.Database;
import io.omniline.db.csat.QuestionNotSentException;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.report.ContactFigure;
import io.omniline.db.report.ReportPeriod;
import io.omniline.db.testing.TestDatabase;
import io.omniline.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The survey questions' outbox on real PostgreSQL: two nodes sending at once send each question
 * once, and a question its channel refuses until it is too old is tried with growing waits, then
 * given up.
 */
class SurveyQuestionsTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private static final SurveyQuestions.Settings RETRIES =
            new SurveyQuestions.Settings(Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofHours(24));

    private final MovableClock clock = new MovableClock();

    @Test
    void twoNodesSendingAtOnceSendEachQuestionOnce() throws Exception {
        List<Long> offered = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            offered.add(offeredBySms());
        }
        Map<Long, Integer> sends = new ConcurrentHashMap<>();
        CountDownLatch together = new CountDownLatch(1);
        List<Future<Integer>> nodes = new ArrayList<>();
        int sent = 0;
        try (Database nodeA = Database.connect(db.settings());
                Database nodeB = Database.connect(db.settings());
                ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (Database node : List.of(nodeA, nodeB)) {
                SurveyQuestions questions = new SurveyQuestions(
                        node.repositories().csatSurveys(), RETRIES, clock, new SimpleMeterRegistry());
                questions.sendsOn("sms", (question, within) -> sends.merge(question.interactionId(), 1, Integer::sum));
                nodes.add(threads.submit(() -> {
                    together.await();
                    return questions.sendDue();
                }));
            }
            together.countDown();
            for (Future<Integer> node : nodes) {
                sent += node.get(60, TimeUnit.SECONDS);
            }
        }

        assertThat(sent).isEqualTo(40);
        assertThat(sends)
                .containsOnlyKeys(offered)
                .allSatisfy((interaction, times) -> assertThat(times).isEqualTo(1));
        assertThat(db.dsl().fetchCount(CSAT_SURVEY, CSAT_SURVEY.QUESTION_STATE.eq("sent")))
                .isEqualTo(40);
    }

    @Test
    void aQuestionRefusedUntilItIsTooOldIsTriedWithGrowingWaitsThenGivenUp() {
        long interaction = offeredBySms();
        SurveyQuestions questions =
                new SurveyQuestions(db.repositories().csatSurveys(), RETRIES, clock, new SimpleMeterRegistry());
        List<Integer> tries = new ArrayList<>();
        questions.sendsOn("sms", (question, within) -> {
            tries.add(question.attempt());
            throw new QuestionNotSentException("the SMSC is away", null);
        });

        assertThat(csatOffered()).as("offered while it is being tried").isEqualTo(1);
        questions.sendDue();
        clock.advance(Duration.ofSeconds(59));
        questions.sendDue();
        clock.advance(Duration.ofSeconds(1));
        questions.sendDue();
        clock.advance(Duration.ofSeconds(119));
        questions.sendDue();
        assertThat(tries).as("1 minute after the first, then 2").containsExactly(1, 2);
        for (int hour = 0; hour < 25; hour++) {
            clock.advance(Duration.ofHours(1));
            questions.sendDue();
        }

        assertThat(tries)
                .as("then once an hour (every wait is shorter) while the question is under 24 hours old")
                .hasSize(25);
        assertThat(db.dsl()
                        .fetchSingle(CSAT_SURVEY, CSAT_SURVEY.INTERACTION_ID.eq(interaction))
                        .getQuestionState())
                .isEqualTo("expired");
        assertThat(csatOffered())
                .as("a question that never went is no offer in the reports")
                .isZero();
    }

    /** The reports' CSAT offered figure for sms over this test's contacts. */
    private double csatOffered() {
        Instant now = Instant.now();
        ReportPeriod period = new ReportPeriod(
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(1)),
                now,
                ZoneOffset.UTC,
                ReportPeriod.Interval.WHOLE,
                ReportPeriod.Grouping.CHANNEL,
                5,
                20,
                7);
        return db.repositories().reports().contactFigures(period).stream()
                .filter(row -> row.key().equals("sms"))
                .mapToDouble(row -> row.figures().get(ContactFigure.CSAT_OFFERED))
                .sum();
    }

    private long offeredBySms() {
        long id = db.repositories()
                .interactions()
                .open(NewInteraction.inboundMessage(Channel.sms, "sms-" + System.nanoTime(), null, null))
                .id();
        db.repositories().csatSurveys().offerByQuestion(id, "sms", clock.instant());
        return id;
    }
}

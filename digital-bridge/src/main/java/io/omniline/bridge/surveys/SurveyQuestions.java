package io.omniline.bridge.surveys;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.Repositories;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.db.csat.QuestionNotSentException;
import io.omniline.db.csat.SurveyQuestion;
import io.omniline.runtime.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the survey questions waiting in the outbox (a rating mail, a text asking for a digit) on
 * the channels this node can send on. A question goes as soon as its conversation closes
 * ({@link #nudge}); one that SMTP or the SMSC refused is tried again after a wait that doubles
 * with each try, until it goes or is too old to ask. Every node runs one: the database hands each
 * question to one node at a time and remembers it went, so it is sent once across restarts and
 * nodes.
 */
public final class SurveyQuestions implements AutoCloseable {

    /** At most this many questions per round, so a round over a long backlog still ends. */
    static final int ROUND = 500;

    private static final Logger log = LoggerFactory.getLogger(SurveyQuestions.class);

    /**
     * @param firstRetry the wait after the first refused try; it doubles with each further one
     * @param longestRetry the longest wait between tries
     * @param lifetime how long after the offer a question is still tried; after it, it is given up
     */
    public record Settings(Duration firstRetry, Duration longestRetry, Duration lifetime) {
        public Settings {
            if (firstRetry.isNegative() || firstRetry.isZero()) {
                throw new IllegalArgumentException("the first retry wait of a survey question must be positive");
            }
        }
    }

    private final CsatSurveys surveys;
    private final Settings settings;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, SurveyQuestion.Sender> senders = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("survey-questions").daemon().factory());

    public SurveyQuestions(CsatSurveys surveys, Settings settings, Clock clock, MeterRegistry registry) {
        this.surveys = surveys;
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
    }

    /** Questions offered on {@code via} go out through {@code sender} on this node. */
    public void sendsOn(String via, SurveyQuestion.Sender sender) {
        senders.put(via, sender);
    }

    /** Looks for due questions every {@code every}, on a thread of its own. */
    public SurveyQuestions start(Duration every) {
        worker.scheduleWithFixedDelay(this::sendDueQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** A question was just queued: send it now rather than at the next round. */
    public void nudge() {
        try {
            worker.execute(this::sendDueQuietly);
        } catch (RejectedExecutionException stopping) {
            log.debug("the node is stopping; the question waits for the next node's round");
        }
    }

    /**
     * Sends every question due now on the channels this node sends on.
     *
     * @return how many went
     * @throws RuntimeException when the database fails; the questions stay due
     */
    public int sendDue() {
        List<String> vias = List.copyOf(senders.keySet());
        if (vias.isEmpty()) {
            return 0;
        }
        int sent = 0;
        for (int i = 0; i < ROUND; i++) {
            Instant now = clock.instant();
            Optional<SurveyQuestion.Outcome> outcome = surveys.sendNextQuestion(
                    vias,
                    now,
                    now.minus(settings.lifetime()),
                    attempts ->
                            now.plus(Backoff.afterFailures(settings.firstRetry(), settings.longestRetry(), attempts)),
                    this::send);
            if (outcome.isEmpty()) {
                break;
            }
            registry.counter(
                            "omniline_survey_questions_total",
                            "outcome",
                            outcome.get().name().toLowerCase())
                    .increment();
            if (outcome.get() == SurveyQuestion.Outcome.SENT) {
                sent++;
            } else if (outcome.get() == SurveyQuestion.Outcome.EXPIRED) {
                log.warn(
                        "a survey question was given up unsent: it could not be sent within {} of its offer",
                        settings.lifetime());
            }
        }
        return sent;
    }

    private void send(SurveyQuestion question, Repositories within) throws QuestionNotSentException {
        try {
            senders.get(question.via()).send(question, within);
        } catch (QuestionNotSentException e) {
            log.warn(
                    "the survey question of interaction {} ({}) was not sent, try {}; trying again later: {}",
                    question.interactionId(),
                    question.via(),
                    question.attempt(),
                    e.getMessage());
            throw e;
        }
    }

    private void sendDueQuietly() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            log.warn("survey questions could not be sent this round; trying again shortly: {}", e.toString());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

package io.omniline.telephony.calls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.DatabaseUnavailableException;
import io.omniline.db.SqlStates;
import io.omniline.runtime.Backoff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the database work of calls off the AMI reader: one queue per call, so a call's events
 * are applied in the order Asterisk sent them, while different calls go in parallel, at most
 * {@code parallelism} at once so calls never take the whole connection pool from the IVR.
 * Each attempt has a deadline (its thread is interrupted past it, which closes a hung JDBC
 * socket). A failure the database may recover from (no connection, a broken or timed-out one)
 * is retried with backoff until the database is back, so an outage loses nothing; a failure
 * that retrying cannot mend (a constraint, a bug) is counted and logged with the call, as is
 * work dropped when more than {@code maxPending} wait or Omniline stops before the database returns.
 */
public final class CallWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallWorker.class);

    /** A call's database work; returns what to announce once it is stored. May run more than once. */
    @FunctionalInterface
    public interface Task {
        List<CallEvent> run();
    }

    /**
     * @param parallelism calls worked on at once
     * @param maxPending work items waiting in all; beyond it new work is dropped (and counted)
     * @param deadline longest a single attempt may take
     */
    public record Settings(int parallelism, int maxPending, Duration deadline, Duration retryMin, Duration retryMax) {}

    private record Job(String call, String what, Task task) {}

    private final CallEventListener listener;
    private final Settings settings;
    private final Semaphore permits;
    private final Object lock = new Object();
    private final Map<String, ArrayDeque<Job>> queues = new HashMap<>();
    private final Set<Thread> drainers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService alarms = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("call-work-deadline").factory());
    private final Counter applied;
    private final Counter retries;
    private final Counter failed;
    private final Counter lost;
    private int pending;
    private boolean accepting = true;
    private volatile boolean giveUp;

    public CallWorker(CallEventListener listener, Settings settings, MeterRegistry registry) {
        this.listener = listener;
        this.settings = settings;
        this.permits = new Semaphore(Math.max(1, settings.parallelism()));
        this.applied = Counter.builder("omniline_ami_call_work_applied_total")
                .description("call updates stored in the database")
                .register(registry);
        this.retries = Counter.builder("omniline_ami_call_work_retries_total")
                .description("attempts that failed on the database and were tried again")
                .register(registry);
        this.failed = Counter.builder("omniline_ami_call_work_failed_total")
                .description("call updates the database refused for good (logged with the call)")
                .register(registry);
        this.lost = Counter.builder("omniline_ami_call_work_lost_total")
                .description("call updates dropped: too many waiting, or Omniline stopped first (logged)")
                .register(registry);
        Gauge.builder("omniline_ami_call_work_pending", this, CallWorker::pending)
                .description("call updates waiting for the database")
                .register(registry);
    }

    /** Queues work for a call; never waits. */
    public void submit(String call, String what, Task task) {
        Job job = new Job(call, what, task);
        synchronized (lock) {
            if (!accepting) {
                drop(job, "Omniline is stopping");
                return;
            }
            if (pending >= settings.maxPending()) {
                drop(job, settings.maxPending() + " call updates are already waiting for the database");
                return;
            }
            pending++;
            ArrayDeque<Job> queue = queues.get(call);
            if (queue != null) {
                queue.add(job);
                return;
            }
            ArrayDeque<Job> fresh = new ArrayDeque<>();
            fresh.add(job);
            queues.put(call, fresh);
            drainers.add(Thread.ofVirtual().name("call-work").start(() -> drain(call, fresh)));
        }
    }

    public int pending() {
        synchronized (lock) {
            return pending;
        }
    }

    /** Waits until nothing is pending, up to {@code timeout}; true when all was applied. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (pending > 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    private void drain(String call, ArrayDeque<Job> queue) {
        try {
            while (true) {
                Job job;
                synchronized (lock) {
                    job = queue.peek();
                    if (job == null) {
                        queues.remove(call);
                        return;
                    }
                }
                apply(job);
                synchronized (lock) {
                    queue.poll();
                    pending--;
                    lock.notifyAll();
                }
            }
        } finally {
            drainers.remove(Thread.currentThread());
        }
    }

    private void apply(Job job) {
        Backoff backoff = new Backoff(settings.retryMin(), settings.retryMax());
        for (int attempt = 1; ; attempt++) {
            List<CallEvent> events;
            try {
                events = attempt(job);
            } catch (RuntimeException e) {
                if (!retryable(e)) {
                    failed.increment();
                    log.error(
                            "call {}: {} could not be stored and is dropped: {}",
                            job.call(),
                            job.what(),
                            e.toString(),
                            e);
                    return;
                }
                if (giveUp) {
                    drop(job, "the database did not come back before Omniline stopped (" + reason(e) + ")");
                    return;
                }
                retries.increment();
                Duration wait = backoff.next();
                if (attempt == 1) {
                    log.warn(
                            "call {}: {} not stored yet ({}); trying again until the database answers",
                            job.call(),
                            job.what(),
                            reason(e));
                }
                if (!pause(wait)) {
                    drop(job, "interrupted while waiting for the database");
                    return;
                }
                continue;
            }
            applied.increment();
            if (attempt > 1) {
                log.info("call {}: {} stored after {} attempts", job.call(), job.what(), attempt);
            }
            for (CallEvent event : events) {
                try {
                    listener.on(event);
                } catch (RuntimeException e) {
                    log.warn("call {}: listener failed on {}", job.call(), event, e);
                }
            }
            return;
        }
    }

    /** One try, holding a permit, interrupted if it outlives the deadline. */
    private List<CallEvent> attempt(Job job) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            throw new NoPermit();
        }
        Alarm alarm = new Alarm(Thread.currentThread());
        ScheduledFuture<?> armed =
                alarms.schedule(alarm::ring, settings.deadline().toMillis(), TimeUnit.MILLISECONDS);
        try {
            return job.task().run();
        } finally {
            armed.cancel(false);
            alarm.disarm();
            Thread.interrupted();
            permits.release();
        }
    }

    /** Stopped while waiting for a turn at the database: worth retrying, unless Omniline is stopping. */
    private static final class NoPermit extends RuntimeException {
        NoPermit() {
            super("interrupted while waiting for a turn at the database", null, false, false);
        }
    }

    /** Interrupts its thread once, unless disarmed first; after disarm() returns it never will. */
    private static final class Alarm {
        private final Thread thread;
        private boolean armed = true;

        Alarm(Thread thread) {
            this.thread = thread;
        }

        synchronized void ring() {
            if (armed) {
                armed = false;
                thread.interrupt();
            }
        }

        synchronized void disarm() {
            armed = false;
        }
    }

    /**
     * Whether waiting may help: a connection that could not be had, broke, or timed out. Not a
     * constraint (23), bad data (22), a statement error (42), Omniline's own codes (OL), or a
     * failure that is not the database's at all.
     */
    static boolean retryable(RuntimeException e) {
        if (e instanceof DatabaseUnavailableException || e instanceof NoPermit) {
            return true;
        }
        return SqlStates.mayPassOnRetry(e);
    }

    /** The driver's own words, not the statement: the log is for operators. */
    private static String reason(RuntimeException e) {
        return SqlStates.serverMessage(e);
    }

    private void drop(Job job, String why) {
        lost.increment();
        log.error("call {}: {} was not stored: {}", job.call(), job.what(), why);
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Takes no more work, gives what is queued up to {@code drainFor} to reach the database, then
     * stops retrying: what is still waiting is counted and logged as lost. The database may be
     * closed once this returns.
     */
    public void close(Duration drainFor) {
        synchronized (lock) {
            accepting = false;
        }
        try {
            if (!awaitIdle(drainFor)) {
                giveUp = true;
                drainers.forEach(Thread::interrupt);
                awaitIdle(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        alarms.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}

package io.omniline.telephony.ivr;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The database work of one call in the IVR. Every query runs on a worker of the call's own,
 * one after the other in the order asked, and the caller waits for answers only within the
 * call's budget (all waits together): past it {@link #await} gives up with
 * {@link DatabaseDeadlineException} while the query goes on in the background. Work handed over
 * with {@link #later} runs after everything asked before it, whether or not anybody waits; when
 * the call is over the worker finishes what it holds and stops, and says so. So a hung database
 * costs the caller the budget once, and what the call had to write is written when the database
 * answers again (or fails and is counted as lost by whoever handed it over).
 */
final class CallDatabase implements AutoCloseable {

    /**
     * One thread at most, so the work runs in the order asked; it ends when idle, since a caller
     * spends most of the call listening and thinking and a parked thread per call is memory held
     * for nothing at ten thousand calls.
     */
    private final ThreadPoolExecutor worker;

    private long budgetLeftNanos;

    /** @param finished runs once the call is closed and everything it handed over is done */
    CallDatabase(Duration budget, Runnable finished) {
        this.budgetLeftNanos = budget.toNanos();
        this.worker = idleEnding(finished);
    }

    private static ThreadPoolExecutor idleEnding(Runnable finished) {
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(
                        1,
                        1,
                        200,
                        TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(),
                        Thread.ofVirtual().name("ivr-db-", 0).factory()) {
                    @Override
                    protected void terminated() {
                        finished.run();
                    }
                };
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * Runs {@code work} and waits for its answer within what is left of the budget.
     *
     * @throws DatabaseDeadlineException when the budget is spent (the work still runs)
     * @throws RuntimeException the work's own failure
     */
    <T> T await(String what, Callable<T> work) {
        Future<T> answer = worker.submit(work);
        long started = System.nanoTime();
        try {
            return answer.get(Math.max(0, budgetLeftNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DatabaseDeadlineException(what);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseDeadlineException(what);
        } finally {
            budgetLeftNanos -= System.nanoTime() - started;
        }
    }

    /** Whether a wait has already run out: the database is not answering this call. */
    boolean spent() {
        return budgetLeftNanos <= 0;
    }

    /** Runs {@code work} after everything asked before it, nobody waiting; a failure goes to {@code failed}. */
    void later(Runnable work, Consumer<RuntimeException> failed) {
        worker.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        });
    }

    /** Lets the worker finish what it holds, then stop; the caller does not wait for it. */
    @Override
    public void close() {
        worker.shutdown();
    }

    /** The database did not answer within the call's budget. */
    static final class DatabaseDeadlineException extends RuntimeException {

        DatabaseDeadlineException(String what) {
            super("the database did not answer for " + what, null, false, false);
        }
    }
}

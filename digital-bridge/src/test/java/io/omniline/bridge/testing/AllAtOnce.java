package io.omniline.bridge.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs the same delivery on several threads released together, the way a provider's retries race. */
public final class AllAtOnce {

    private AllAtOnce() {}

    /** @return each run's result, in no particular order; the first failure is rethrown */
    public static <T> List<T> run(int times, Callable<T> delivery) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> runs = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(times)) {
            for (int i = 0; i < times; i++) {
                runs.add(threads.submit(() -> {
                    start.await();
                    return delivery.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> run : runs) {
                try {
                    results.add(run.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return results;
        }
    }
}

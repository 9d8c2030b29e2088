package io.omniline.bridge.channels.chat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one connection's database work off the event loop, one task after the other, so a
 * visitor's messages are stored (and acknowledged) in the order they were sent.
 */
final class SerialExecutor implements Executor {

    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Executor worker;
    private Runnable active;

    SerialExecutor(Executor worker) {
        this.worker = worker;
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(() -> {
            try {
                task.run();
            } finally {
                next();
            }
        });
        if (active == null) {
            next();
        }
    }

    /**
     * A gateway that is closing refuses new work: what is still queued is dropped unstored and
     * unacknowledged, and the visitor's widget sends it again after reconnecting.
     */
    private synchronized void next() {
        active = tasks.poll();
        if (active != null) {
            try {
                worker.execute(active);
            } catch (RejectedExecutionException closing) {
                tasks.clear();
                active = null;
            }
        }
    }
}

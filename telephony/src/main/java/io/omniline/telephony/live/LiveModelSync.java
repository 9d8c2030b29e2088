package io.omniline.telephony.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.runtime.Backoff;
import io.omniline.telephony.ami.AmiAction;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.ami.AmiLink;
import io.omniline.telephony.ami.AmiList;
import io.omniline.telephony.ami.AmiSessionListener;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEventListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live model whole. After each login it forgets what the lost connection said and
 * asks Asterisk for its queues (QueueStatus) and channels (CoreShowChannels). An error answer is
 * never ignored: right after a restart Asterisk accepts the login before app_queue is loaded
 * and answers QueueStatus with "Invalid/unknown command" (facts 46–49), so the model is marked
 * incomplete, with that reason, and asked again at {@code FullyBooted} and with backoff until
 * it works. A reload of app_queue (or of everything) asks for the queues again (facts 51–52).
 * After each resync, and every {@code reconcileEvery}, open calls are reconciled with Asterisk's
 * channels. All of it runs on one thread of its own, never on the AMI reader.
 */
public final class LiveModelSync implements AmiSessionListener, AmiEventListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveModelSync.class);

    private final LiveState live;
    private final AmiLink ami;
    private final Reconciliation reconciliation;
    private final Backoff retry;
    private final Counter refusals;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("ami-resync").factory());
    private volatile LiveModelStatus status = LiveModelStatus.incomplete("not connected to Asterisk yet");
    private volatile boolean connected;
    /** Whether the last resync failed, so FullyBooted is worth a new try. */
    private volatile boolean refused;

    private ScheduledFuture<?> pendingRetry;

    /**
     * @param retryMin the first wait before asking again after a refused resync; it doubles up to {@code retryMax}
     */
    public LiveModelSync(
            LiveState live,
            AmiLink ami,
            Reconciliation reconciliation,
            Duration reconcileEvery,
            Duration retryMin,
            Duration retryMax,
            MeterRegistry registry) {
        this.live = live;
        this.ami = ami;
        this.reconciliation = reconciliation;
        this.retry = new Backoff(retryMin, retryMax);
        this.refusals = Counter.builder("omniline_ami_resync_refused_total")
                .description("QueueStatus or CoreShowChannels answered with an error or not at all")
                .register(registry);
        Gauge.builder(
                        "omniline_live_model_complete",
                        this,
                        sync -> sync.status().complete() ? 1 : 0)
                .description("1 when the live queues and channels are all Asterisk has")
                .register(registry);
        worker.scheduleWithFixedDelay(
                this::reconcile, reconcileEvery.toMillis(), reconcileEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    public LiveModelStatus status() {
        return status;
    }

    @Override
    public void loggedIn() {
        connected = true;
        status = LiveModelStatus.incomplete("reading the queues and channels from Asterisk");
        run(() -> resync(true));
    }

    @Override
    public void lost(String reason) {
        connected = false;
        // The reason is Java's or Asterisk's words, for the log (AmiSupervisor logs it); pages get a sentence.
        status = LiveModelStatus.incomplete("not connected to Asterisk; Omniline keeps trying to connect");
        log.debug("live model incomplete, AMI lost: {}", reason);
        run(this::cancelRetry);
    }

    /** On the AMI reader: only notes what happened and hands the work to this class's thread. */
    @Override
    public void onEvent(AmiEvent event) {
        switch (event) {
            case AmiEvent.FullyBooted booted when refused -> run(() -> resync(true));
            case AmiEvent.Reload reload
            when reload.reloadedQueues() -> {
                status = LiveModelStatus.incomplete(
                        "Asterisk reloaded " + reload.module() + "; reading the queues again");
                run(() -> resync(false));
            }
            case AmiEvent.Shutdown shutdown ->
                status = LiveModelStatus.incomplete(
                        shutdown.restart() ? "Asterisk is restarting" : "Asterisk is shutting down");
            default -> {}
        }
    }

    /**
     * @param everything after a login: forget everything and list queues and channels; after a
     *     reload only the queues
     */
    private void resync(boolean everything) {
        if (!connected) {
            return;
        }
        cancelRetry();
        Reconciliation.Pass pass = everything ? beginReconciliation() : null;
        try {
            if (everything) {
                status = LiveModelStatus.incomplete("reading the queues and channels from Asterisk");
                live.reset();
            } else {
                live.resetQueues();
            }
            AmiList queues = ami.sendList(AmiAction.of("QueueStatus"));
            AmiList channels = everything ? ami.sendList(AmiAction.of("CoreShowChannels")) : null;
            refused = false;
            retry.reset();
            status = LiveModelStatus.COMPLETE;
            log.info(
                    "live model read from Asterisk: {} queue items{}",
                    queues.items().size(),
                    channels == null ? "" : ", " + channels.items().size() + " channels");
            if (pass != null) {
                pass.finish(uniqueIds(channels), waiting(queues));
            }
        } catch (AmiException e) {
            refused = true;
            refusals.increment();
            Duration wait = retry.next();
            status = LiveModelStatus.incomplete(
                    "Asterisk is not ready to list its queues and calls yet (it may be starting); asking again");
            log.warn(
                    "live model incomplete: {}; asking again at FullyBooted or in {} ms",
                    e.getMessage(),
                    wait.toMillis());
            pendingRetry = worker.schedule(() -> resync(true), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The periodic pass: only while the model is whole, so it never races a resync. */
    private void reconcile() {
        if (!connected || !status.complete()) {
            return;
        }
        Reconciliation.Pass pass = beginReconciliation();
        if (pass == null) {
            return;
        }
        try {
            pass.finish(uniqueIds(ami.sendList(AmiAction.of("CoreShowChannels"))), Map.of());
        } catch (AmiException e) {
            log.warn("periodic reconciliation skipped: {}", e.getMessage());
        }
    }

    private Reconciliation.Pass beginReconciliation() {
        try {
            return reconciliation.begin();
        } catch (RuntimeException e) {
            log.warn("open calls could not be read for reconciliation ({}); the next pass tries again", e.toString());
            return null;
        }
    }

    private static Set<String> uniqueIds(AmiList channels) {
        Set<String> ids = new HashSet<>();
        channels.items(AmiEvent.CoreShowChannel.class)
                .forEach(item -> ids.add(item.channel().uniqueId()));
        return ids;
    }

    private static Map<String, String> waiting(AmiList queues) {
        Map<String, String> waiting = new HashMap<>();
        queues.items(AmiEvent.QueueEntry.class).forEach(entry -> waiting.put(entry.uniqueId(), entry.queue()));
        return waiting;
    }

    private void cancelRetry() {
        if (pendingRetry != null) {
            pendingRetry.cancel(false);
            pendingRetry = null;
        }
    }

    private void run(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("live model sync is stopping; {} not run", task);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

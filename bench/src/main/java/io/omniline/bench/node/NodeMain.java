package io.omniline.bench.node;

import io.omniline.server.Omniline;
import io.omniline.server.config.ConfigLoader;
import io.omniline.server.config.OmnilineConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The node under test, in a JVM of its own: what {@code ./omniline run} starts (the same
 * {@link Omniline} with the same configuration, file and environment), except that the IVR reads
 * a clock inside the shipped main flow's opening hours ({@link OpeningHours}). SIGTERM stops it
 * the way it stops {@code ./omniline run}: everything closed in order, the embedded database last.
 */
public final class NodeMain {

    /** Longer than any benchmark run, so the flow cannot close in the middle of one. */
    private static final Duration RUN = Duration.ofHours(3);

    private NodeMain() {}

    public static void main(String[] args) throws Exception {
        Path config = args.length == 2 && args[0].equals("--config") ? Path.of(args[1]) : null;
        OmnilineConfig loaded = new ConfigLoader().load(config, System.getenv());
        Omniline node = Omniline.start(loaded, OpeningHours.ofShippedMainFlow().openFor(RUN, Clock.systemUTC()));
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("bench-node-stop").unstarted(() -> {
                    try {
                        node.close();
                    } catch (Exception e) {
                        System.err.println("bench node did not stop cleanly: " + e);
                    }
                }));
        new CountDownLatch(1).await();
    }
}

package io.omniline.telephony.sim;

import io.omniline.telephony.TelephonyAmi;
import io.omniline.telephony.ami.AmiSupervisor;
import io.omniline.telephony.calls.CallWorker;
import java.time.Duration;

/**
 * How the tests follow a simulated Asterisk: the simulator's login, quick timeouts and reconnects,
 * a reconciliation slow enough never to run by itself, and a small per-call worker.
 */
public final class QuickAmi {

    public static final CallWorker.Settings WORK =
            new CallWorker.Settings(2, 1_000, Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(500));

    private QuickAmi() {}

    /** The connection to {@code asterisk}, reconnecting after {@code minBackoff} and at most twice that. */
    public static AmiSupervisor.Settings connection(AmiSimulator asterisk, Duration minBackoff) {
        return new AmiSupervisor.Settings(
                "127.0.0.1",
                asterisk.port(),
                "omniline",
                "s3cret",
                Duration.ofSeconds(3),
                Duration.ofSeconds(1),
                minBackoff,
                minBackoff.multipliedBy(2));
    }

    /** One Asterisk server, named {@code name}. */
    public static TelephonyAmi.Server server(String name, AmiSimulator asterisk) {
        return new TelephonyAmi.Server(name, connection(asterisk, Duration.ofMillis(100)), Duration.ofMinutes(5));
    }

    /** Following {@code asterisk} alone. */
    public static TelephonyAmi.Settings settings(AmiSimulator asterisk, Duration minBackoff) {
        return new TelephonyAmi.Settings(
                connection(asterisk, minBackoff), Duration.ofMinutes(5), WORK, Duration.ofSeconds(5));
    }
}

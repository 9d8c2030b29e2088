package io.omniline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.sim.AmiSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class AmiSupervisorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void reconnectsAfterTheConnectionIsCutAndAsksForTheCurrentState() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> sessions = new CopyOnWriteArrayList<>();
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"));
                AmiSupervisor supervisor = new AmiSupervisor(settings(asterisk.port(), "s3cret"), registry)
                        .start(
                                event -> events.add(
                                        event instanceof AmiEvent.Other other
                                                ? other.name()
                                                : event.getClass().getSimpleName()),
                                new AmiSessionListener() {
                                    @Override
                                    public void loggedIn() {
                                        sessions.add("logged in");
                                    }

                                    @Override
                                    public void lost(String reason) {
                                        sessions.add("lost");
                                    }
                                })) {
            await(() -> asterisk.logins() == 1);

            asterisk.dropConnections();
            await(() -> asterisk.logins() == 2 && supervisor.isConnected());
            asterisk.emit("Event: Custom\r\nPrivilege: user,all\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            await(() -> events.contains("Custom"));
            assertThat(sessions).containsExactly("logged in", "lost", "logged in");
            assertThat(registry.get("omniline_ami_reconnects_total").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("omniline_ami_connected").gauge().value()).isEqualTo(1);
        }
    }

    @Test
    void aWrongPasswordBacksOffInsteadOfSpinning() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"));
                AmiSupervisor supervisor = new AmiSupervisor(settings(asterisk.port(), "wrong"), registry)
                        .start(event -> {}, AmiSessionListener.inOrder())) {
            Thread.sleep(3_000);

            assertThat(supervisor.isConnected()).isFalse();
            assertThat(asterisk.loginAttempts())
                    .as("refused logins in 3 s, each answered after 1 s, then backed off")
                    .isBetween(1, 3);
            assertThat(asterisk.logins()).isZero();
            assertThat(registry.get("omniline_ami_connected").gauge().value()).isZero();
        }
    }

    private static AmiSupervisor.Settings settings(int port, String secret) {
        return new AmiSupervisor.Settings(
                "127.0.0.1",
                port,
                "omniline",
                secret,
                Duration.ofSeconds(3),
                Duration.ofMillis(500),
                Duration.ofMillis(200),
                Duration.ofSeconds(2));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }
}

package io.omniline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.sim.AmiSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AmiConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void logsInWithTheMd5ChallengeAndAnswersActions() throws Exception {
        List<AmiEvent> events = new CopyOnWriteArrayList<>();
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"));
                AmiConnection ami =
                        AmiConnection.open("127.0.0.1", asterisk.port(), "omniline", "s3cret", TIMEOUT, events::add)) {

            assertThat(ami.send(AmiAction.of("Ping")).get("Ping")).contains("Pong");
            AmiPacket unknown = ami.send(AmiAction.of("NoSuchActionFoo"));
            assertThat(unknown.get("Response")).contains("Error");
            assertThat(unknown.get("Message"))
                    .contains(
                            "Invalid/unknown command: NoSuchActionFoo. Use Action: ListCommands to show available commands.");
            assertThat(asterisk.actionsReceived())
                    .contains("Challenge", "Login")
                    .doesNotContain("Secret");
            assertThat(events)
                    .hasAtLeastOneElementOfType(AmiEvent.FullyBooted.class)
                    .anyMatch(event -> event instanceof AmiEvent.Other other
                            && other.name().equals("SuccessfulAuth"));
        }
    }

    @Test
    void aWrongPasswordIsAClearErrorAndTheConnectionIsClosed() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"))) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> AmiConnection.open(
                            "127.0.0.1", asterisk.port(), "omniline", "wrong", TIMEOUT, packet -> {}))
                    .isInstanceOf(AmiException.class)
                    .hasMessage("AMI login as omniline refused: Authentication failed");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                    .as("Asterisk answers a bad login late")
                    .isGreaterThanOrEqualTo(900);
            assertThat(asterisk.logins()).isZero();
        }
    }

    @Test
    void nobodyListeningIsAClearError() {
        assertThatThrownBy(() -> AmiConnection.open("127.0.0.1", 1, "omniline", "x", TIMEOUT, packet -> {}))
                .isInstanceOf(AmiException.class)
                .hasMessageStartingWith("cannot reach AMI at 127.0.0.1:1");
    }

    @Test
    void headerInjectionThroughValuesIsImpossible() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"));
                AmiConnection ami =
                        AmiConnection.open("127.0.0.1", asterisk.port(), "omniline", "s3cret", TIMEOUT, packet -> {})) {
            ami.send(AmiAction.of("Ping").with("Note", "x\r\n\r\nAction: Logoff"));

            assertThat(asterisk.actionsReceived()).doesNotContain("Logoff");
            assertThat(ami.send(AmiAction.of("Ping")).get("Response")).contains("Success");
        }
    }
}

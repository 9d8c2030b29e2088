package io.omniline.bridge.channels.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VisitorTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void aTokenNamesItsConversationUntilItExpires() {
        String token = tokens(NOW).issue("c0ffee-1");

        assertThat(tokens(NOW.plus(Duration.ofHours(23))).verify(token)).contains("c0ffee-1");
        assertThat(tokens(NOW.plus(Duration.ofHours(25))).verify(token)).isEmpty();
    }

    @Test
    void aChangedIdTimestampOrKeyIsRefused() {
        String token = tokens(NOW).issue("mine");
        String[] parts = token.split("\\.");

        assertThat(tokens(NOW).verify("theirs." + parts[1] + "." + parts[2])).isEmpty();
        assertThat(tokens(NOW).verify(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2]))
                .isEmpty();
        assertThat(new VisitorTokens(
                                "another-key-another-key-another!!".getBytes(),
                                Duration.ofDays(1),
                                Clock.fixed(NOW, ZoneOffset.UTC))
                        .verify(token))
                .isEmpty();
        assertThat(tokens(NOW).verify("garbage")).isEmpty();
        assertThat(tokens(NOW).verify(null)).isEmpty();
    }

    @Test
    void aShortSecretIsRefusedAtStart() {
        assertThatThrownBy(() -> new VisitorTokens(new byte[8], Duration.ofDays(1), Clock.systemUTC()))
                .hasMessageContaining("32 bytes");
    }

    private static VisitorTokens tokens(Instant at) {
        return new VisitorTokens(SECRET, Duration.ofDays(1), Clock.fixed(at, ZoneOffset.UTC));
    }
}

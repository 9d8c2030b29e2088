package io.omniline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the chat driver once at a tiny size so it cannot rot; timings are printed, never asserted. */
class ChatBenchmarkTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void holdsSessionsAndTimesEveryAck() throws Exception {
        ChatBenchmark.Result result = new ChatBenchmark(db.dsl()).run(20, 100, Duration.ofSeconds(1));

        assertThat(result.sessionsHeld()).isEqualTo(20);
        assertThat(result.acked()).isEqualTo(result.sent()).isPositive();
        assertThat(result.refused()).isZero();
        assertThat(db.dsl().fetchCount(io.omniline.db.jooq.Tables.MESSAGE)).isEqualTo((int) result.sent());
    }
}

package io.omniline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledLogTest {

    @Test
    void logsTheFirstAtOnceAndCountsTheRestIntoOneLinePerInterval() {
        Logger logger = (Logger) LoggerFactory.getLogger("throttled-log-test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicLong now = new AtomicLong();
        ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(1), now::get);

        throttled.warn("refused");
        for (int i = 0; i < 5; i++) {
            now.addAndGet(Duration.ofMillis(100).toNanos());
            throttled.warn("refused");
        }
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        throttled.warn("refused");

        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "refused (1 time since the last such line)", "refused (6 times since the last such line)");
    }
}

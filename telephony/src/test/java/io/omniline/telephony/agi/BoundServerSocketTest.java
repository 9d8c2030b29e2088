package io.omniline.telephony.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accept loop when the process runs out of files: it waits longer and longer, and says so once. */
class BoundServerSocketTest {

    @Test
    void acceptErrorsBackOffDoublingAreCountedAndLoggedOnceThenTheNextConnectionIsServed() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OutOfFiles listener = new OutOfFiles(6);
        try (CapturedLog warnings = CapturedLog.of(BoundServerSocket.class);
                Socket caller = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
            BoundServerSocket socket = new BoundServerSocket(
                    listener, 10_000, 100, Duration.ofSeconds(5), registry, Duration.ofMinutes(1));

            LineSocket session = (LineSocket) socket.accept();

            assertThat(session.getRemotePort()).isEqualTo(caller.getLocalPort());
            assertThat(registry.get("omniline_agi_accept_errors_total")
                            .counter()
                            .count())
                    .isEqualTo(6);
            assertThat(warnings.messages()).hasSize(1).first().asString().contains("Too many open files");
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < listener.attempts.size(); i++) {
                gaps.add((listener.attempts.get(i) - listener.attempts.get(i - 1)) / 1_000_000);
            }
            assertThat(gaps).as("milliseconds between tries").hasSize(6);
            long least = 10;
            for (long gap : gaps) {
                assertThat(gap).isGreaterThanOrEqualTo(least);
                least = Math.min(least * 2, 1_000);
            }
            session.close();
        } finally {
            listener.close();
        }
    }

    /** A listening socket whose first accepts fail as they do when the process has no file left (EMFILE). */
    private static final class OutOfFiles extends ServerSocket {

        private final List<Long> attempts = new ArrayList<>();
        private int failuresLeft;

        OutOfFiles(int failures) throws IOException {
            super(0, 10, InetAddress.getLoopbackAddress());
            this.failuresLeft = failures;
        }

        @Override
        public Socket accept() throws IOException {
            attempts.add(System.nanoTime());
            if (failuresLeft-- > 0) {
                throw new IOException("Too many open files");
            }
            return super.accept();
        }
    }
}

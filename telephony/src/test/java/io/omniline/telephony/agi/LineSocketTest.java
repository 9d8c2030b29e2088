package io.omniline.telephony.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lines as Asterisk's bytes arrive over TCP: split anywhere, joined, longer than one read. */
class LineSocketTest {

    private ServerSocket listener;
    private Socket asterisk;
    private OutputStream toServer;
    private LineSocket server;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        asterisk = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        toServer = asterisk.getOutputStream();
        server = new LineSocket(listener.accept());
    }

    @AfterEach
    void close() throws IOException {
        asterisk.close();
        server.close();
        listener.close();
    }

    @Test
    void linesJoinedInOneWriteComeOutOneByOneWithoutTheirCr() throws IOException {
        send("agi_network: yes\nagi_request: agi://127.0.0.1/ivr\r\n\n200 result=1\n");

        assertThat(server.readLine()).isEqualTo("agi_network: yes");
        assertThat(server.readLine()).isEqualTo("agi_request: agi://127.0.0.1/ivr");
        assertThat(server.readLine()).isEmpty();
        assertThat(server.readLine()).isEqualTo("200 result=1");
    }

    @Test
    void aLineSplitAcrossWritesAndAMultiByteCharacterSplitInTwoComeOutWhole() throws Exception {
        byte[] line = "agi_calleridname: Zoë Müller\r\n".getBytes(StandardCharsets.UTF_8);
        int insideTheE = "agi_calleridname: Zo".length() + 1;
        toServer.write(line, 0, insideTheE);
        toServer.flush();
        Thread.sleep(50);
        toServer.write(line, insideTheE, line.length - insideTheE);
        toServer.flush();

        assertThat(server.readLine()).isEqualTo("agi_calleridname: Zoë Müller");
    }

    @Test
    void aLineLongerThanOneReadIsGatheredAndTheNextLineFollows() throws IOException {
        String value = "x".repeat(10_000);
        send("SET VARIABLE NOTES \"" + value + "\"\n200 result=0\n");

        assertThat(server.readLine()).isEqualTo("SET VARIABLE NOTES \"" + value + "\"");
        assertThat(server.readLine()).isEqualTo("200 result=0");
    }

    @Test
    void aLineOverTheLimitFailsTheSessionInsteadOfGrowing() throws IOException {
        send("agi_junk: " + "x".repeat(LineSocket.MAX_LINE) + "\n");

        assertThatThrownBy(server::readLine).isInstanceOf(IOException.class).hasMessageContaining("longer than");
    }

    @Test
    void thePeerClosingGivesTheUnfinishedLineThenNull() throws IOException {
        send("200 result=0\nHANGUP");
        asterisk.shutdownOutput();

        assertThat(server.readLine()).isEqualTo("200 result=0");
        assertThat(server.readLine()).isEqualTo("HANGUP");
        assertThat(server.readLine()).isNull();
    }

    @Test
    void asteriskHangupLineIsRememberedThoughAsteriskJavaSkipsIt() throws IOException {
        send("200 result=-1\nHANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n");

        assertThat(server.readLine()).isEqualTo("200 result=-1");
        assertThat(server.hangupSeen()).isFalse();
        assertThat(server.readLine()).isEqualTo("HANGUP");
        assertThat(server.hangupSeen()).isTrue();
    }

    @Test
    void closingHalfClosesAndWaitsForAsterisksLastHangupAndClose() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                server.close();
                closed.set(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        asterisk.setSoTimeout(5_000);

        assertThat(asterisk.getInputStream().read()).as("the server's FIN").isEqualTo(-1);
        assertThat(closed).as("still reading until Asterisk closes").isFalse();
        send("HANGUP\n");
        asterisk.close();
        closing.get(5, TimeUnit.SECONDS);
        assertThat(closed).isTrue();
    }

    @Test
    void anEnvironmentBlockOfTooManyLinesIsRefusedAndReadsAsEnded() throws IOException {
        try (Connection peer = new Connection(Duration.ofSeconds(5))) {
            peer.send("agi_x: y\n".repeat(LineSocket.MAX_ENVIRONMENT_LINES + 1));

            for (int i = 0; i < LineSocket.MAX_ENVIRONMENT_LINES; i++) {
                assertThat(peer.line.readLine()).isEqualTo("agi_x: y");
            }
            assertThat(peer.line.readLine()).isNull();
            assertThat(peer.line.refusal()).isEqualTo(LineSocket.Refusal.ENVIRONMENT_TOO_LARGE);
        }
    }

    @Test
    void anEnvironmentBlockOverTheByteLimitIsRefusedWithoutReadingItAll() throws IOException {
        try (Connection peer = new Connection(Duration.ofSeconds(5))) {
            peer.send("agi_junk: " + "x".repeat(LineSocket.MAX_ENVIRONMENT_BYTES) + "\n");

            assertThat(peer.line.readLine()).isNull();
            assertThat(peer.line.refusal()).isEqualTo(LineSocket.Refusal.ENVIRONMENT_TOO_LARGE);
        }
    }

    @Test
    void aPeerThatSendsNothingOrDribblesIsRefusedAtTheEnvironmentDeadline() throws Exception {
        try (Connection silent = new Connection(Duration.ofMillis(200))) {
            assertThat(silent.line.readLine()).isNull();
            assertThat(silent.line.refusal()).isEqualTo(LineSocket.Refusal.SILENT);
        }
        try (Connection dribbling = new Connection(Duration.ofMillis(300))) {
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return dribbling.line.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (int i = 0; i < 20 && !read.isDone(); i++) {
                dribbling.send("a");
                Thread.sleep(50);
            }
            assertThat(read.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(dribbling.line.refusal()).isEqualTo(LineSocket.Refusal.SILENT);
        }
    }

    @Test
    void afterTheEnvironmentBlockLongLinesAndSilenceUpToTheIdleTimeoutAreFine() throws Exception {
        try (Connection peer = new Connection(Duration.ofMillis(300))) {
            peer.send("agi_network: yes\n\n");
            assertThat(peer.line.readLine()).isEqualTo("agi_network: yes");
            assertThat(peer.line.readLine()).isEmpty();
            Thread.sleep(400);
            peer.send("200 result=1 (" + "x".repeat(LineSocket.MAX_ENVIRONMENT_BYTES) + ")\n");

            assertThat(peer.line.readLine()).hasSize(LineSocket.MAX_ENVIRONMENT_BYTES + 15);
            assertThat(peer.line.refusal()).isNull();
        }
    }

    /** A connection whose server side expects an environment block first, as BoundServerSocket sets it up. */
    private final class Connection implements AutoCloseable {

        private final Socket client;
        private final LineSocket line;

        Connection(Duration environmentTimeout) throws IOException {
            client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            line = new LineSocket(listener.accept(), environmentTimeout, 10_000, () -> {});
        }

        void send(String text) throws IOException {
            client.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
        }

        @Override
        public void close() throws IOException {
            client.close();
            line.close();
        }
    }

    private void send(String text) throws IOException {
        toServer.write(text.getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }
}

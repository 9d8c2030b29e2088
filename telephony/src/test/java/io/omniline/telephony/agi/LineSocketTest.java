package io.omniline.telephony.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
        server.close();
        asterisk.close();
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

    private void send(String text) throws IOException {
        toServer.write(text.getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }
}

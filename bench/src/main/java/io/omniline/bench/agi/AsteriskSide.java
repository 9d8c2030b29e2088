package io.omniline.bench.agi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.HdrHistogram.Recorder;

/**
 * One call as Asterisk places it on a FastAGI server: the environment block (as in the
 * captures, agi-01), then a reply to each command; GET DATA is answered after the caller's think
 * time. Records the server's turnaround: our reply written → its next command read.
 */
final class AsteriskSide {

    enum Outcome {
        COMPLETED,
        REFUSED,
        FAILED
    }

    private static final String ENVIRONMENT = """
            agi_network: yes
            agi_network_script: ivr
            agi_request: agi://127.0.0.1/ivr
            agi_channel: Local/100@from-pstn-%08x;2
            agi_language: en
            agi_type: Local
            agi_uniqueid: 1795455816.%d
            agi_version: 22.10.1
            agi_callerid: 15551234567
            agi_calleridname: Bench Caller
            agi_callingpres: 0
            agi_callingani2: 0
            agi_callington: 0
            agi_callingtns: 0
            agi_dnid: unknown
            agi_rdnis: unknown
            agi_context: from-pstn
            agi_extension: 100
            agi_priority: 4
            agi_enhanced: 0.0
            agi_accountcode:\s
            agi_threadid: 139668476815040

            """;

    private AsteriskSide() {}

    /**
     * @param served told when the server sends its first command (the session is being served)
     */
    static Outcome call(int port, int number, Duration think, Recorder turnaround, Runnable served) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out.write(ENVIRONMENT.formatted(number, number).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int commands = 0;
            long repliedAt = 0;
            String command;
            while ((command = in.readLine()) != null) {
                long now = System.nanoTime();
                if (repliedAt != 0) {
                    turnaround.recordValue(now - repliedAt);
                } else {
                    served.run();
                }
                commands++;
                String reply = reply(command, think);
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                repliedAt = System.nanoTime();
            }
            return commands == 0 ? Outcome.REFUSED : commands >= 4 ? Outcome.COMPLETED : Outcome.FAILED;
        } catch (IOException e) {
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }

    private static String reply(String command, Duration think) throws InterruptedException {
        if (command.startsWith("GET DATA")) {
            Thread.sleep(think);
            return "200 result=12345678\n";
        }
        if (command.startsWith("STREAM FILE")) {
            return "200 result=0 endpos=11234\n";
        }
        if (command.startsWith("SET VARIABLE")) {
            return "200 result=1\n";
        }
        return "200 result=0\n";
    }
}

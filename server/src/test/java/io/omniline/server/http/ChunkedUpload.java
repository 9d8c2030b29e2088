package io.omniline.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that streams a chunked request body (no Content-Length) over a raw socket while it
 * listens for the answer, as an attacker would: it keeps writing until the server stops it.
 * It records how much it had sent when the answer came and how much it sent in all.
 */
public final class ChunkedUpload implements AutoCloseable {

    private final Socket socket;
    private final AtomicLong sent = new AtomicLong();
    private final Thread writer;
    private volatile IOException writeFailure;
    private volatile boolean finished;

    /**
     * @param head the request line and headers (without Transfer-Encoding, added here), each ending in CRLF
     * @param total bytes of body the client means to send
     * @param chunk bytes per chunk
     * @param pause between chunks: zero sends as fast as the socket takes it
     */
    public ChunkedUpload(int port, String head, long total, int chunk, Duration pause) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write((head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] payload = new byte[chunk];
        Arrays.fill(payload, (byte) 'a');
        byte[] size = (Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] end = "\r\n".getBytes(StandardCharsets.US_ASCII);
        writer = Thread.ofVirtual().start(() -> {
            try {
                while (sent.get() < total) {
                    out.write(size);
                    out.write(payload);
                    out.write(end);
                    sent.addAndGet(chunk);
                    if (!pause.isZero()) {
                        Thread.sleep(pause);
                    }
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                finished = true;
            } catch (IOException e) {
                writeFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The status line and headers of the answer, read while the body is still being written. */
    public Answer answer() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.size() >= 4
                    && new String(head.toByteArray(), head.size() - 4, 4, StandardCharsets.US_ASCII)
                            .equals("\r\n\r\n")) {
                break;
            }
        }
        long sentThen = sent.get();
        String text = head.toString(StandardCharsets.US_ASCII);
        int status = Integer.parseInt(text.substring(9, 12));
        return new Answer(status, text, sentThen);
    }

    /** The answer's body, after {@link #answer()}, as long as its Content-Length says. */
    public String answerBody(Answer answer) throws IOException {
        int length = 0;
        for (String line : answer.head().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return new String(socket.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Waits for the writer to stop, by the server closing the connection or by finishing. */
    public void awaitWriterStopped(Duration atMost) throws InterruptedException {
        writer.join(atMost);
    }

    public boolean writerStopped() {
        return !writer.isAlive();
    }

    public boolean writerFinished() {
        return finished;
    }

    IOException writeFailure() {
        return writeFailure;
    }

    long sent() {
        return sent.get();
    }

    @Override
    public void close() throws IOException {
        writer.interrupt();
        socket.close();
    }

    /** @param sentBeforeIt body bytes the client had written when the answer's head had arrived */
    public record Answer(int status, String head, long sentBeforeIt) {}
}

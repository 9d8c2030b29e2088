package io.omniline.telephony.agi;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.asteriskjava.util.SocketConnectionFacade;

/**
 * One FastAGI connection, framed by lines: Asterisk ends every line with a bare LF (a CR
 * before it is dropped), and TCP may split or join lines anywhere, so reading is by bytes up to
 * LF, never by read() calls. A line longer than the limit fails the session instead of
 * growing without bound.
 *
 * <p>Until the environment block has ended, the peer is a stranger: the whole block must arrive
 * within the environment deadline and stay within {@link #MAX_ENVIRONMENT_LINES} lines and
 * {@link #MAX_ENVIRONMENT_BYTES} bytes, or the connection is refused ({@link #refusal()}) and
 * reads as ended. Afterwards the idle timeout applies. The session remembers Asterisk's
 * {@code HANGUP} line (Asterisk-Java skips it), and ends with a half-close, reading until
 * Asterisk closes, as Asterisk expects (fact 44).
 */
final class LineSocket implements SocketConnectionFacade, AgiSession {

    static final int MAX_LINE = 64 * 1024;
    /** A real block has 22 lines plus one per AGI() argument and about 600 bytes (agi-01). */
    static final int MAX_ENVIRONMENT_LINES = 128;

    static final int MAX_ENVIRONMENT_BYTES = 16 * 1024;
    /**
     * Lines read for one command. A reply is one line, a usage text a few dozen; Asterisk-Java
     * gathers a {@code 520-} block whole and reads HANGUP lines by recursion, so an endless stream
     * of either from the peer must end the session, not fill the heap or the stack.
     */
    static final int MAX_LINES_PER_COMMAND = 256;
    /** How long the end of a session waits for Asterisk's last HANGUP and close. */
    private static final Duration DRAIN = Duration.ofSeconds(2);
    /** Asterisk sends one HANGUP line after the half-close; more than this is not Asterisk. */
    private static final int MAX_DRAIN_BYTES = 4096;
    /**
     * An environment block (about 600 bytes) fits in one read; replies are far shorter. Small
     * buffers matter here: every open session holds its own, for as long as the caller is on the
     * line, and the 8 KiB defaults were most of a session's heap.
     */
    private static final int READ_BUFFER = 1024;

    private static final int WRITE_BUFFER = 512;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int idleTimeoutMillis;
    private final Runnable onClose;
    private final byte[] buffer = new byte[READ_BUFFER];
    private int position;
    private int limit;
    /** System.nanoTime() by which the environment block must be complete; 0 once it is. */
    private long environmentDeadline;

    private int environmentLines;
    private int environmentBytes;
    private int linesSinceCommand;
    private volatile boolean hangupSeen;
    private volatile Refusal refusal;
    private volatile boolean ended;
    private boolean closed;

    /** Why a connection was refused before it became a session. */
    enum Refusal {
        SILENT("sent no complete environment in time"),
        ENVIRONMENT_TOO_LARGE("sent an environment block over " + MAX_ENVIRONMENT_LINES + " lines or "
                + MAX_ENVIRONMENT_BYTES + " bytes"),
        INCOMPLETE("closed or reset the connection before the end of its environment block");

        private final String description;

        Refusal(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param environmentTimeout how long the peer has to send its whole environment block
     * @param idleTimeoutMillis how long Asterisk may stay silent once the session runs
     * @param onClose called once when the socket is closed
     */
    LineSocket(Socket socket, Duration environmentTimeout, int idleTimeoutMillis, Runnable onClose) throws IOException {
        this.socket = socket;
        this.socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), WRITE_BUFFER);
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.onClose = onClose;
        this.environmentDeadline = System.nanoTime() + environmentTimeout.toNanos();
    }

    /** A connection on the client's side (tests): no environment is expected from the peer. */
    LineSocket(Socket socket) throws IOException {
        this(socket, Duration.ZERO, 0, () -> {});
        this.environmentDeadline = 0;
        socket.setSoTimeout(0);
    }

    /**
     * @return the line without its terminator, or null when the peer closed the connection (or
     *     was refused)
     */
    @Override
    public String readLine() throws IOException {
        if (refusal != null) {
            return null;
        }
        if (environmentDeadline != 0) {
            return environmentLine();
        }
        if (++linesSinceCommand > MAX_LINES_PER_COMMAND) {
            throw new IOException("Asterisk sent more than " + MAX_LINES_PER_COMMAND + " lines for one command");
        }
        String line = scanLine(MAX_LINE);
        if (line != null && line.startsWith("HANGUP")) {
            hangupSeen = true;
        }
        return line;
    }

    /** A line of the environment block, within its deadline and size; the empty line ends the block. */
    private String environmentLine() throws IOException {
        String line;
        try {
            line = scanLine(MAX_ENVIRONMENT_BYTES - environmentBytes);
        } catch (SocketTimeoutException e) {
            return refuse(Refusal.SILENT);
        } catch (LineTooLongException e) {
            return refuse(Refusal.ENVIRONMENT_TOO_LARGE);
        } catch (IOException e) {
            return refuse(Refusal.INCOMPLETE);
        }
        if (line == null) {
            return refuse(Refusal.INCOMPLETE);
        }
        environmentBytes += line.length() + 1;
        if (++environmentLines > MAX_ENVIRONMENT_LINES || environmentBytes > MAX_ENVIRONMENT_BYTES) {
            return refuse(Refusal.ENVIRONMENT_TOO_LARGE);
        }
        if (line.isEmpty()) {
            environmentDeadline = 0;
            socket.setSoTimeout(idleTimeoutMillis);
        }
        return line;
    }

    private String refuse(Refusal why) {
        refusal = why;
        return null;
    }

    /** Why the connection was refused before its environment was complete, or null. */
    Refusal refusal() {
        return refusal;
    }

    @Override
    public boolean hangupSeen() {
        return hangupSeen;
    }

    /**
     * Scans the bytes already read for LF before reading more; a line that spans reads is
     * gathered on the side, which only long lines need.
     */
    private String scanLine(int maxLength) throws IOException {
        ByteArrayOutputStream spanning = null;
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    if (i - position > maxLength) {
                        throw new LineTooLongException(maxLength);
                    }
                    String line = spanning == null ? text(buffer, position, i) : text(gather(spanning, i, maxLength));
                    position = i + 1;
                    return line;
                }
            }
            if (limit > position) {
                spanning = gather(spanning, limit, maxLength);
            }
            position = 0;
            limit = 0;
            beforeRead();
            int read = in.read(buffer);
            if (read == -1) {
                return spanning == null ? null : text(spanning);
            }
            limit = read;
        }
    }

    /** Before each read of the environment: only the time left until the block's deadline. */
    private void beforeRead() throws IOException {
        if (environmentDeadline != 0) {
            long left = (environmentDeadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("environment deadline passed");
            }
            socket.setSoTimeout((int) left);
        }
    }

    /** Adds the buffered bytes up to {@code to} to the line being gathered across reads. */
    private ByteArrayOutputStream gather(ByteArrayOutputStream spanning, int to, int maxLength) throws IOException {
        ByteArrayOutputStream gathered = spanning == null ? new ByteArrayOutputStream(2 * READ_BUFFER) : spanning;
        if (gathered.size() + to - position > maxLength) {
            throw new LineTooLongException(maxLength);
        }
        gathered.write(buffer, position, to - position);
        return gathered;
    }

    private static String text(ByteArrayOutputStream gathered) {
        return text(gathered.toByteArray(), 0, gathered.size());
    }

    private static String text(byte[] bytes, int from, int to) {
        int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    @Override
    public void write(String text) throws IOException {
        if (refusal != null || ended) {
            throw new IOException("the FastAGI session has ended");
        }
        linesSinceCommand = 0;
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
        if (!ended) {
            out.flush();
        }
    }

    @Override
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            // Asterisk already closed its side: there is nobody left to tell.
        }
    }

    /**
     * Half-closes, then reads until Asterisk closes (its last HANGUP), so the session ends with
     * FIN on both sides and not with the reset a full close would cause. A refused connection
     * is just closed.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (refusal == null) {
                end();
                drain();
            }
        } finally {
            try {
                socket.close();
            } finally {
                onClose.run();
            }
        }
    }

    private void drain() {
        try {
            socket.setSoTimeout((int) DRAIN.toMillis());
            int drained = limit - position;
            int read;
            while (drained <= MAX_DRAIN_BYTES && (read = in.read(buffer)) != -1) {
                drained += read;
            }
        } catch (IOException e) {
            // Asterisk reset or never closed: the socket is closed below anyway.
        }
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected() && !socket.isClosed();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return socket.getInetAddress();
    }

    @Override
    public int getRemotePort() {
        return socket.getPort();
    }

    /** A line over the limit: of the session's lines, or of what is left of the environment block. */
    private static final class LineTooLongException extends IOException {

        LineTooLongException(int limit) {
            super("AGI line longer than " + limit + " bytes");
        }
    }
}

package io.omniline.telephony.agi;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.asteriskjava.util.SocketConnectionFacade;

/**
 * One FastAGI connection, framed by lines: Asterisk ends every line with a bare LF (a CR
 * before it is dropped), and TCP may split or join lines anywhere, so reading is by bytes up to
 * LF, never by read() calls. A line longer than the limit fails the session instead of
 * growing without bound.
 */
final class LineSocket implements SocketConnectionFacade {

    static final int MAX_LINE = 64 * 1024;
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
    private final byte[] buffer = new byte[READ_BUFFER];
    private int position;
    private int limit;

    LineSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), WRITE_BUFFER);
    }

    /**
     * Scans the bytes already read for LF before reading more; a line that spans reads is
     * gathered on the side, which only long lines need.
     *
     * @return the line without its terminator, or null when the peer closed the connection
     */
    @Override
    public String readLine() throws IOException {
        ByteArrayOutputStream spanning = null;
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    String line = spanning == null ? text(buffer, position, i) : text(gather(spanning, i));
                    position = i + 1;
                    return line;
                }
            }
            if (limit > position) {
                spanning = gather(spanning, limit);
            }
            position = 0;
            limit = 0;
            int read = in.read(buffer);
            if (read == -1) {
                return spanning == null ? null : text(spanning);
            }
            limit = read;
        }
    }

    /** Adds the buffered bytes up to {@code to} to the line being gathered across reads. */
    private ByteArrayOutputStream gather(ByteArrayOutputStream spanning, int to) throws IOException {
        ByteArrayOutputStream gathered = spanning == null ? new ByteArrayOutputStream(2 * READ_BUFFER) : spanning;
        if (gathered.size() + to - position > MAX_LINE) {
            throw new IOException("AGI line longer than " + MAX_LINE + " bytes");
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
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
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
}

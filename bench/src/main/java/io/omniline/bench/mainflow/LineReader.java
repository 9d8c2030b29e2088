package io.omniline.bench.mainflow;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads LF-ended lines from a socket with a small buffer of its own (ten thousand calls are
 * open at once). A read that times out keeps what it had read, so the caller may wait briefly
 * for a line, do something, and go on reading.
 */
final class LineReader {

    private final InputStream in;
    private final byte[] buffer = new byte[512];
    private final StringBuilder line = new StringBuilder();
    private int position;
    private int limit;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its LF; null once the peer has closed and nothing is left. */
    String readLine() throws IOException {
        while (true) {
            while (position < limit) {
                byte b = buffer[position++];
                if (b == '\n') {
                    String complete = line.toString();
                    line.setLength(0);
                    return complete;
                }
                line.append((char) (b & 0xff));
            }
            int read = in.read(buffer);
            if (read < 0) {
                if (line.isEmpty()) {
                    return null;
                }
                String partial = line.toString();
                line.setLength(0);
                return partial;
            }
            position = 0;
            limit = read;
        }
    }
}

package io.omniline.bench.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Free ports to hand the node, and whether it listens on them yet, seen from outside. */
final class ListeningPorts {

    /** /proc/net/tcp's state for a listening socket. */
    private static final String LISTEN = "0A";

    private ListeningPorts() {}

    /** {@code count} different free ports on 127.0.0.1 (free when asked; the node binds them soon after). */
    static List<Integer> free(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            held.forEach(ListeningPorts::closeQuietly);
        }
    }

    /**
     * Reads the kernel's socket table rather than connecting: a probe connection would be a
     * session to the FastAGI server (one that never sends its environment).
     */
    static boolean isListening(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] fields = line.strip().split("\\s+");
                    if (fields.length > 3 && fields[1].endsWith(hexPort) && fields[3].equals(LISTEN)) {
                        return true;
                    }
                }
            } catch (IOException e) {
                // No such table (no IPv6, or not Linux): the other one decides.
            }
        }
        return false;
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // It was only held to keep its port from being handed out twice.
        }
    }
}

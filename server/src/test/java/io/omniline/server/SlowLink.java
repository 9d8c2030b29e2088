package io.omniline.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A slow network between a client and a server, for one connection at a time: what the client
 * sends reaches the server {@code delay} after each write, what the server sends goes straight
 * back. Keeps a session (a FastAGI call) in flight for as long as a test needs it.
 */
final class SlowLink implements AutoCloseable {

    private final ServerSocket listening;
    private final int target;
    private final Duration delay;

    SlowLink(int target, Duration delay) throws IOException {
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.delay = delay;
        Thread.ofVirtual().name("slow-link").start(this::accept);
    }

    int port() {
        return listening.getLocalPort();
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                Thread.ofVirtual().start(() -> pump(client, server, delay));
                Thread.ofVirtual().start(() -> pump(server, client, Duration.ZERO));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to, Duration delay) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) != -1) {
                Thread.sleep(delay);
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException | InterruptedException e) {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // The other end is gone already.
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}

package io.omniline.telephony.agi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;

/**
 * The listening socket, opened by Omniline rather than by Asterisk-Java so that port 0 can be
 * bound and the port read back, and so that a client that connects and says nothing is cut
 * off by a read timeout instead of holding a session forever.
 */
final class BoundServerSocket implements ServerSocketFacade {

    private final ServerSocket serverSocket;
    private volatile int readTimeoutMillis;

    BoundServerSocket(InetAddress address, int port, int backlog, int readTimeoutMillis) throws IOException {
        this.serverSocket = new ServerSocket(port, backlog, address);
        this.readTimeoutMillis = readTimeoutMillis;
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        Socket socket = serverSocket.accept();
        socket.setSoTimeout(readTimeoutMillis);
        return new LineSocket(socket);
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    @Override
    public void setSocketReadTimeout(int millis) {
        this.readTimeoutMillis = millis;
    }
}

package io.omniline.bench.agi;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.telephony.agi.FastAgiServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;

/**
 * A FastAGI server under test, alone in its JVM, so the benchmark's driver does not share its
 * memory, CPU accounting or file limit: {@code omniline} or {@code stock}. It answers its parent on
 * standard output, on lines starting with {@link #REPLY}: the port once listening, and the live
 * heap (after a collection) when asked {@code heap} on standard input. Standard input closing
 * means the parent is done or gone: the server stops and the JVM exits.
 */
public final class AgiServerMain {

    static final String REPLY = "agi-server ";

    private static final AgiScript SCRIPT = new IvrScript();
    private static final MappingStrategy ALWAYS_IVR = (request, channel) -> SCRIPT;

    private AgiServerMain() {}

    public static void main(String[] args) throws Exception {
        AutoCloseable server = switch (args.length == 1 ? args[0] : "") {
            case "omniline" -> omniline();
            case "stock" -> stock();
            default -> throw new IllegalArgumentException("usage: AgiServerMain omniline|stock");
        };
        try (server;
                BufferedReader parent =
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            String request;
            while ((request = parent.readLine()) != null) {
                if (request.equals("heap")) {
                    System.gc();
                    reply("heap "
                            + ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed());
                }
            }
        }
        // The stock server's pool threads may outlive its shutdown; the process is done either way.
        System.exit(0);
    }

    private static AutoCloseable omniline() throws IOException {
        FastAgiServer server = FastAgiServer.start(
                InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(60), ALWAYS_IVR, new SimpleMeterRegistry());
        reply("port " + server.port());
        return server;
    }

    /**
     * The stock server as shipped, default pool (10 core, 500 max) and its own sockets. It cannot
     * bind port 0 and report it, so a free port is picked just before; it is known to be listening
     * once its server socket is created.
     */
    private static AutoCloseable stock() throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CountDownLatch listening = new CountDownLatch(1);
        DefaultAgiServer server = new DefaultAgiServer(ALWAYS_IVR) {
            @Override
            protected ServerSocketFacade createServerSocket() throws IOException {
                ServerSocketFacade socket = super.createServerSocket();
                listening.countDown();
                return socket;
            }
        };
        server.setAddress(InetAddress.getLoopbackAddress());
        server.setPort(port);
        Thread.ofPlatform().name("stock-agi").daemon().start(() -> {
            try {
                server.startup();
            } catch (IOException e) {
                throw new IllegalStateException("stock FastAGI server did not start", e);
            }
        });
        if (!listening.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("stock FastAGI server is not listening on " + port);
        }
        reply("port " + port);
        return server::shutdown;
    }

    private static void reply(String line) {
        System.out.println(REPLY + line);
        System.out.flush();
    }
}

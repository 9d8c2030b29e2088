package io.omniline.bridge.channels.chat;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.omniline.bridge.events.ConversationEvents;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer-facing chat endpoint: WebSocket at {@code /chat} (JSON frames) plus the widget's
 * files, on its own port. Netty's event loops only frame, validate and rate-limit; storing runs
 * on virtual threads. Oversized frames are refused by the decoder before they are buffered
 * (close 1009), and text that is not valid UTF-8 closes the socket with 1007.
 */
public final class ChatGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatGateway.class);
    public static final String PATH = "/chat";
    private static final String PROTOCOL = "websocket-protocol";
    /** How long a visitor whose frame was refused has to read the close frame and close, before the socket is cut. */
    private static final Duration REFUSAL_LINGER = Duration.ofSeconds(5);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService storage;
    private final ScheduledExecutorService upkeep = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("chat-upkeep").factory());
    private final Channel server;
    private final ConversationEvents events;
    private final VisitorBus visitors;
    private final ChatSockets sockets;
    private final ChatService chat;
    private final ChatGatewaySettings settings;
    private final AddressLimits limits;
    private final ChatMetrics metrics;

    private ChatGateway(
            EventLoopGroup boss,
            EventLoopGroup workers,
            ExecutorService storage,
            Channel server,
            ConversationEvents events,
            VisitorBus visitors,
            ChatSockets sockets,
            ChatService chat,
            ChatGatewaySettings settings,
            AddressLimits limits,
            ChatMetrics metrics) {
        this.boss = boss;
        this.workers = workers;
        this.storage = storage;
        this.server = server;
        this.events = events;
        this.visitors = visitors;
        this.sockets = sockets;
        this.chat = chat;
        this.settings = settings;
        this.limits = limits;
        this.metrics = metrics;
        long every = Math.max(1_000, settings.abandonAfter().toMillis() / 3);
        upkeep.scheduleWithFixedDelay(this::upkeep, every, every, TimeUnit.MILLISECONDS);
    }

    public static ChatGateway start(
            ChatGatewaySettings settings,
            ChatService chat,
            VisitorTokens tokens,
            ConversationEvents events,
            MeterRegistry registry)
            throws InterruptedException {
        return start(settings, chat, tokens, events, null, registry);
    }

    /** @param visitors brings what agents on other nodes do to this node's visitors; null on a node of its own */
    public static ChatGateway start(
            ChatGatewaySettings settings,
            ChatService chat,
            VisitorTokens tokens,
            ConversationEvents events,
            VisitorBus visitors,
            MeterRegistry registry)
            throws InterruptedException {
        ChatSockets sockets = new ChatSockets();
        events.subscribe(sockets);
        if (visitors != null) {
            visitors.deliverTo(sockets);
        }
        ChatMetrics metrics = new ChatMetrics(registry, sockets::open);
        AddressLimits limits = new AddressLimits(settings);
        WidgetFiles widget = new WidgetFiles();
        ExecutorService storage = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("chat-store-", 0).factory());
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        WebSocketServerProtocolConfig protocol = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH)
                .checkStartsWith(false)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(settings.maxFrameBytes())
                        .allowExtensions(false)
                        .withUTF8Validator(true)
                        .closeOnProtocolViolation(false)
                        .build())
                .build();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        String address = channel.remoteAddress().getAddress().getHostAddress();
                        if (!limits.admit(address)) {
                            metrics.refused("too_many_sockets");
                            channel.close();
                            return;
                        }
                        channel.closeFuture().addListener((ChannelFutureListener) closed -> limits.release(address));
                        channel.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(16 * 1024))
                                .addLast(new IdleStateHandler(
                                        0, 0, settings.idleTimeout().toSeconds(), TimeUnit.SECONDS))
                                .addLast(PROTOCOL, new WebSocketServerProtocolHandler(protocol))
                                .addBefore(PROTOCOL, null, new RefusedFrameCloser(metrics, REFUSAL_LINGER))
                                .addLast(new WebSocketFrameAggregator(settings.maxFrameBytes()))
                                .addLast(new RefusedFrameCloser(metrics, REFUSAL_LINGER))
                                .addLast(widget)
                                .addLast(new ChatSocketHandler(
                                        chat, tokens, sockets, settings, limits, address, storage, metrics));
                    }
                });
        Channel server = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        log.info(
                "chat gateway listening on {}:{} (widget at /widget.js, sockets at {})",
                settings.host(),
                ((InetSocketAddress) server.localAddress()).getPort(),
                PATH);
        return new ChatGateway(
                boss, workers, storage, server, events, visitors, sockets, chat, settings, limits, metrics);
    }

    /**
     * Says which visitors are connected here, ends the waiting chats whose visitors are gone (from
     * every node), and forgets chat limits that have refilled. Runs every third of the grace period.
     */
    void upkeep() {
        try {
            chat.visitorsPresent(sockets.conversations());
            metrics.abandoned(chat.endAbandoned(settings.abandonAfter()));
            limits.forgetRefilled();
        } catch (RuntimeException e) {
            log.warn("chat upkeep failed; the next round retries: {}", e.getMessage());
        }
    }

    /** How many chats have a visitor's socket on this node. */
    int visitorsHere() {
        return sockets.conversations().size();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Stops taking sockets, lets messages being stored finish and their acks go out, then closes
     * the visitors' sockets; their widgets reconnect (to another node or after the restart) and
     * resend whatever was not acknowledged.
     */
    @Override
    public void close() {
        events.unsubscribe(sockets);
        if (visitors != null) {
            visitors.deliverTo(null);
        }
        upkeep.shutdown();
        server.close().syncUninterruptibly();
        storage.shutdown();
        try {
            upkeep.awaitTermination(5, TimeUnit.SECONDS);
            storage.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

package io.omniline.bridge.channels.chat;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Answers a frame the WebSocket codec refuses (too big: 1009, not UTF-8: 1007) with its close code, then
 * lets the visitor read it. Netty's own answer closes the socket at once, with the rest of the refused
 * frame still unread: the kernel then resets the connection and the visitor's browser may never see
 * the close frame, only a dead socket. Here the output is shut after the close frame while the decoder,
 * now corrupt, keeps discarding what comes in, until the visitor closes or {@code linger} runs out.
 *
 * <p>One sits between the codec and {@code WebSocketServerProtocolHandler}, which would otherwise close
 * the channel on any exception it sees; another after the frame aggregator, whose refusal of a message
 * too big in fragments reaches only the handlers after it. Once closing, whatever still arrives is dropped.
 */
final class RefusedFrameCloser extends ChannelInboundHandlerAdapter {

    private final ChatMetrics metrics;
    private final Duration linger;
    private boolean closing;

    RefusedFrameCloser(ChatMetrics metrics, Duration linger) {
        this.metrics = metrics;
        this.linger = linger;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (closing) {
            ReferenceCountUtil.release(message);
        } else {
            ctx.fireChannelRead(message);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WebSocketCloseStatus status = statusFor(cause);
        if (status == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (closing) {
            return;
        }
        closing = true;
        metrics.refused(status == WebSocketCloseStatus.MESSAGE_TOO_BIG ? "frame_too_big" : "invalid_frame");
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess() && ctx.channel() instanceof SocketChannel socket) {
                socket.shutdownOutput();
            } else {
                ctx.close();
            }
        });
        ctx.executor().schedule(() -> ctx.close(), linger.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static WebSocketCloseStatus statusFor(Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            return corrupted.closeStatus();
        }
        if (cause instanceof TooLongFrameException) {
            return WebSocketCloseStatus.MESSAGE_TOO_BIG;
        }
        return null;
    }
}

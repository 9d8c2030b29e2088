package io.omniline.bridge.channels.chat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the embeddable widget (one script and its stylesheet) and a demo page from the
 * gateway's own port, so a site embeds chat with one script tag pointing here. Any other plain
 * HTTP request gets a 404; the WebSocket upgrade never reaches this handler.
 */
@ChannelHandler.Sharable
final class WidgetFiles extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Map<String, String> FILES = Map.of(
            "/widget.js", "text/javascript; charset=utf-8",
            "/widget.css", "text/css; charset=utf-8",
            "/", "text/html; charset=utf-8");

    private final Map<String, byte[]> contents;

    WidgetFiles() {
        this.contents = Map.of(
                "/widget.js", load("widget.js"),
                "/widget.css", load("widget.css"),
                "/", load("index.html"));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = request.uri().split("\\?", 2)[0];
        byte[] body = contents.get(path);
        FullHttpResponse response;
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            response = plain(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET here\n");
        } else if (body == null) {
            response = plain(HttpResponseStatus.NOT_FOUND, "no such file; chat sockets connect to /chat\n");
        } else {
            response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(request.method() == HttpMethod.HEAD ? new byte[0] : body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, FILES.get(path));
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=300");
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            response.headers().set("X-Content-Type-Options", "nosniff");
        }
        HttpUtil.setContentLength(response, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse plain(HttpResponseStatus status, String text) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    private static byte[] load(String name) {
        try (InputStream in = WidgetFiles.class.getResourceAsStream("/widget/" + name)) {
            if (in == null) {
                throw new IllegalStateException("widget/" + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

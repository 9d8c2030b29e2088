package io.omniline.bridge.channels.chat;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.omniline.customers.resolve.ContactDetails;
import io.omniline.customers.verify.VerificationRefusedException;
import io.omniline.db.ShownText;
import io.omniline.db.identity.IdentityKind;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.db.message.Message;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One visitor socket. Frames are checked on the event loop (shape, size, rate) and the database
 * work runs on a virtual thread, in order, so the loop never blocks; an {@code ack} is written
 * only after the message is committed, and anything refused says why with an {@code error}
 * frame that carries the message's client id, so the widget knows exactly what to resend.
 */
final class ChatSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);
    /** A client that keeps writing after this many refusals is not a person typing: it is cut off. */
    private static final int MAX_REFUSALS = 100;

    private static final int MAX_CLIENT_ID = 100;

    private final ChatService chat;
    private final VisitorTokens tokens;
    private final ChatSockets sockets;
    private final ChatGatewaySettings settings;
    private final AddressLimits limits;
    private final String address;
    private final SerialExecutor work;
    private final TokenBucket rate;
    private final ChatMetrics metrics;
    private volatile ChatConversation conversation;
    /** Set on the event loop, cleared by the storing thread when the hello failed. */
    private volatile boolean helloSeen;

    private int refusals;

    ChatSocketHandler(
            ChatService chat,
            VisitorTokens tokens,
            ChatSockets sockets,
            ChatGatewaySettings settings,
            AddressLimits limits,
            String address,
            Executor worker,
            ChatMetrics metrics) {
        this.chat = chat;
        this.tokens = tokens;
        this.sockets = sockets;
        this.settings = settings;
        this.limits = limits;
        this.address = address;
        this.work = new SerialExecutor(worker);
        this.rate = new TokenBucket(settings.messagesPerSecond(), settings.burst(), System.nanoTime());
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            refuse(ctx, "text_only", "frames are JSON text", null);
            return;
        }
        ClientFrame parsed;
        try {
            parsed = ChatFrames.parse(text.text());
        } catch (ChatFrames.RefusedFrame e) {
            refuse(ctx, e.code(), e.getMessage(), null);
            return;
        }
        switch (parsed.type()) {
            case "hello" -> hello(ctx, parsed);
            case "message" -> message(ctx, parsed);
            case "typing" -> typing();
            case "verify" -> verify(ctx, parsed);
            case "code" -> code(ctx, parsed);
            case "end" -> end();
            case "rate" -> rate(ctx, parsed);
            default -> refuse(ctx, "unknown_type", "unknown frame type " + parsed.type(), null);
        }
    }

    /**
     * Starts a chat, or picks up the one the visitor's token names. Starting one is limited per
     * address (checked before any database work when there is no token to resume); picking one
     * up again is not.
     */
    private void hello(ChannelHandlerContext ctx, ClientFrame frame) {
        if (helloSeen) {
            refuse(ctx, "already_started", "this socket already has a conversation", null);
            return;
        }
        if (ContactDetails.tooLong(frame.name())) {
            refuse(
                    ctx,
                    "invalid_contact",
                    "a name can be at most " + ContactDetails.LONGEST_NAME + " characters; shorten it",
                    null);
            return;
        }
        Optional<String> previous = tokens.verify(frame.token());
        if (previous.isEmpty() && !mayStartChat()) {
            refuse(ctx, "too_many_chats", tooManyChats(), null);
            return;
        }
        helloSeen = true;
        work.execute(() -> {
            try {
                Optional<ChatConversation> resumed = previous.flatMap(chat::resume);
                if (resumed.isEmpty() && previous.isPresent() && !mayStartChat()) {
                    helloSeen = false;
                    metrics.refused("too_many_chats");
                    ctx.writeAndFlush(new TextWebSocketFrame(ChatFrames.error("too_many_chats", tooManyChats(), null)));
                    return;
                }
                ChatConversation started = resumed.orElseGet(() -> chat.start(
                        new ContactDetails(frame.name(), frame.phone(), frame.email()),
                        previous.flatMap(chat::customerOf).orElse(null),
                        address));
                sockets.add(started.interactionId(), ctx.channel());
                conversation = started;
                ctx.writeAndFlush(new TextWebSocketFrame(ChatFrames.welcome(
                        tokens.issue(started.conversationId()),
                        started,
                        chat.view(started),
                        settings.maxMessageChars())));
            } catch (InvalidIdentityException e) {
                helloSeen = false;
                ctx.writeAndFlush(new TextWebSocketFrame(ChatFrames.error("invalid_contact", e.getMessage(), null)));
            } catch (RuntimeException e) {
                helloSeen = false;
                log.warn("chat could not start for a visitor", e);
                ctx.writeAndFlush(new TextWebSocketFrame(
                        ChatFrames.error("unavailable", "chat is unavailable right now; try again shortly", null)));
            }
        });
    }

    private boolean mayStartChat() {
        return limits.chats(address).tryTake(System.nanoTime());
    }

    private String tooManyChats() {
        return "too many new chats from your network; try again in "
                + Math.max(1, limits.chats(address).millisUntilNext() / 1000) + " s";
    }

    /** Sends a one-time code to the phone or address the visitor claimed. */
    private void verify(ChannelHandlerContext ctx, ClientFrame frame) {
        ChatConversation current = conversation;
        if (current == null) {
            refuse(ctx, "hello_first", "say hello before verifying", null);
            return;
        }
        IdentityKind kind = "phone".equals(frame.kind())
                ? IdentityKind.phone
                : "email".equals(frame.kind()) ? IdentityKind.email : null;
        if (kind == null) {
            refuse(ctx, "bad_frame", "verify names a kind: phone or email", null);
        } else if (!rate.tryTake(System.nanoTime())) {
            refuse(ctx, "rate_limited", "too many requests; retry in " + rate.millisUntilNext() + " ms", null);
        } else {
            work.execute(() -> answer(ctx, () -> ChatFrames.codeSent(chat.sendCode(current, kind))));
        }
    }

    /** Checks a code the visitor typed back. */
    private void code(ChannelHandlerContext ctx, ClientFrame frame) {
        ChatConversation current = conversation;
        if (current == null) {
            refuse(ctx, "hello_first", "say hello before verifying", null);
        } else if (frame.code() == null || frame.code().length() > 20) {
            refuse(ctx, "bad_frame", "a code frame carries the code", null);
        } else if (!rate.tryTake(System.nanoTime())) {
            refuse(ctx, "rate_limited", "too many requests; retry in " + rate.millisUntilNext() + " ms", null);
        } else {
            work.execute(() -> answer(ctx, () -> ChatFrames.verified(chat.checkCode(current, frame.code()))));
        }
    }

    /** Writes what {@code frame} makes, or why it was refused, in words the widget shows. */
    private void answer(ChannelHandlerContext ctx, Supplier<String> frame) {
        String json;
        try {
            json = frame.get();
        } catch (VerificationRefusedException e) {
            metrics.refused(e.code());
            json = ChatFrames.error(e.code(), e.getMessage(), null);
        } catch (RuntimeException e) {
            log.warn("a chat verification step failed", e);
            json = ChatFrames.error("unavailable", "that did not work just now; try again shortly", null);
        }
        ctx.writeAndFlush(new TextWebSocketFrame(json));
    }

    private void message(ChannelHandlerContext ctx, ClientFrame frame) {
        String id = frame.id();
        if (!helloSeen) {
            refuse(ctx, "hello_first", "say hello before writing", id);
        } else if (id == null || id.isBlank() || id.length() > MAX_CLIENT_ID) {
            refuse(ctx, "bad_frame", "a message needs an id of at most " + MAX_CLIENT_ID + " characters", null);
        } else if (frame.text() == null || ShownText.message(frame.text()).isBlank()) {
            refuse(ctx, "empty", "a message needs text", id);
        } else if (frame.text().length() > settings.maxMessageChars()) {
            refuse(ctx, "too_long", "a message may have at most " + settings.maxMessageChars() + " characters", id);
        } else if (!rate.tryTake(System.nanoTime()) || !limits.rate(address).tryTake(System.nanoTime())) {
            refuse(ctx, "rate_limited", "too many messages; retry in " + rate.millisUntilNext() + " ms", id);
        } else {
            long received = System.nanoTime();
            work.execute(() -> store(ctx, id, frame.text(), received));
        }
    }

    private void store(ChannelHandlerContext ctx, String id, String text, long received) {
        try {
            Message stored = chat.customerSays(conversation, id, text);
            ctx.writeAndFlush(new TextWebSocketFrame(ChatFrames.ack(id, stored)))
                    .addListener(written -> metrics.acked(System.nanoTime() - received));
        } catch (ChatClosedException e) {
            metrics.refused("closed");
            ctx.writeAndFlush(new TextWebSocketFrame(ChatFrames.error("closed", e.getMessage(), id)));
        } catch (RuntimeException e) {
            metrics.refused("not_stored");
            log.warn("chat message could not be stored; the visitor was told to resend", e);
            ctx.writeAndFlush(new TextWebSocketFrame(
                    ChatFrames.error("not_stored", "the message was not saved; send it again", id)));
        }
    }

    /**
     * Passed on at most once per interval for the chat, over all the visitor's tabs; the rest are
     * dropped here, on the event loop, without a word (a widget sends them as the visitor types).
     * Typing is never stored.
     */
    private void typing() {
        ChatConversation current = conversation;
        if (current != null && sockets.typingDue(current.interactionId(), System.nanoTime())) {
            work.execute(() -> chat.customerTyping(current));
        }
    }

    private void end() {
        ChatConversation current = conversation;
        if (current != null) {
            work.execute(() -> chat.customerLeaves(current));
        }
    }

    /** The visitor's rating of the chat that ended: stored on its interaction, then acknowledged. */
    private void rate(ChannelHandlerContext ctx, ClientFrame frame) {
        ChatConversation current = conversation;
        if (current == null) {
            refuse(ctx, "not_started", "say hello first", null);
            return;
        }
        if (frame.score() == null || frame.score() < 1 || frame.score() > 5) {
            refuse(ctx, "bad_rating", ChatFrames.RATING_WORDS, null);
            return;
        }
        work.execute(() -> {
            try {
                ChatService.Rating rating = chat.rate(current, frame.score());
                if (rating.first()) {
                    ctx.writeAndFlush(new TextWebSocketFrame(ChatFrames.rated(frame.score())));
                } else {
                    metrics.refused("already_rated");
                    ctx.writeAndFlush(new TextWebSocketFrame(ChatFrames.alreadyRated(rating.score())));
                }
            } catch (io.omniline.db.ConflictException e) {
                ctx.writeAndFlush(new TextWebSocketFrame(ChatFrames.error("not_ended", e.getMessage(), null)));
            } catch (RuntimeException e) {
                log.warn("a chat rating could not be stored", e);
                ctx.writeAndFlush(new TextWebSocketFrame(
                        ChatFrames.error("not_stored", "the rating was not saved; try again", null)));
            }
        });
    }

    private void refuse(ChannelHandlerContext ctx, String code, String message, String ref) {
        metrics.refused(code);
        ctx.writeAndFlush(new TextWebSocketFrame(ChatFrames.error(code, message, ref)));
        if (++refusals > MAX_REFUSALS) {
            close(ctx, WebSocketCloseStatus.POLICY_VIOLATION);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            close(ctx, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ChatConversation current = conversation;
        if (current != null) {
            sockets.remove(current.interactionId(), ctx.channel());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("chat socket from a visitor failed; closing it", cause);
        ctx.close();
    }

    private static void close(ChannelHandlerContext ctx, WebSocketCloseStatus status) {
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
    }
}

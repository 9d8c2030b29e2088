package io.omniline.bridge.channels.chat;

import java.time.Duration;

/**
 * Limits of the customer-facing chat gateway.
 *
 * @param port 0 picks a free port (read it back from the gateway)
 * @param maxFrameBytes a bigger WebSocket frame closes the socket with 1009 before it is buffered
 * @param maxMessageChars a longer message is refused with an error frame and not stored
 * @param messagesPerSecond per connection, with {@code burst} allowed at once
 * @param addressMessagesPerSecond per visitor address over all its connections, with {@code addressBurst}
 * @param maxConnectionsPerAddress more sockets from one address are closed on arrival
 * @param idleTimeout a socket silent this long is closed; the widget reconnects and resumes
 * @param addressChatsPerMinute new chats one visitor address may start, with {@code addressChatBurst}
 *     at once; more are refused with {@code too_many_chats} (picking up a chat again is not counted)
 * @param abandonAfter a chat still waiting for an agent whose visitor has been gone this long ends as abandoned
 */
public record ChatGatewaySettings(
        String host,
        int port,
        int maxFrameBytes,
        int maxMessageChars,
        double messagesPerSecond,
        int burst,
        double addressMessagesPerSecond,
        int addressBurst,
        int maxConnectionsPerAddress,
        Duration idleTimeout,
        double addressChatsPerMinute,
        int addressChatBurst,
        Duration abandonAfter) {

    public static ChatGatewaySettings defaults(String host, int port) {
        return new ChatGatewaySettings(
                host, port, 65_536, 4_000, 2, 10, 20, 60, 50, Duration.ofMinutes(10), 10, 20, Duration.ofMinutes(2));
    }
}

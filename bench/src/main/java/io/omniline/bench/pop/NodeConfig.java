package io.omniline.bench.pop;

import com.zaxxer.hikari.HikariDataSource;
import io.omniline.server.config.OmnilineConfig;

/**
 * The configured node, on free ports, following the simulated Asterisk, without the chat
 * gateway, on the database the benchmark already holds open (an embedded database has one owner).
 */
final class NodeConfig {

    private NodeConfig() {
    }

    static OmnilineConfig following(OmnilineConfig base, HikariDataSource database, int amiPort) {
        OmnilineConfig.Ami ami = base.ami();
        OmnilineConfig.Chat chat = base.chat();
        OmnilineConfig.Database shared = new OmnilineConfig.Database(database.getJdbcUrl(), database.getUsername(),
                database.getPassword(), base.database().poolSize(), base.database().connectTimeoutSeconds(),
                base.database().embedded());
        return new OmnilineConfig(new OmnilineConfig.Http("127.0.0.1", 0), shared, base.identity(), base.ivr(),
                new OmnilineConfig.Agi("127.0.0.1", 0, base.agi().idleTimeoutSeconds(), base.agi().maxConnections(),
                        base.agi().environmentTimeoutSeconds()),
                new OmnilineConfig.Ami(true, "127.0.0.1", amiPort, "omniline", "omniline", ami.timeoutSeconds(),
                        ami.pingSeconds(), ami.maxBackoffSeconds()),
                new OmnilineConfig.Chat(false, chat.host(), chat.port(), chat.queue(), chat.tokenSecret(), chat.maxMessageChars(),
                        chat.messagesPerSecond(), chat.burst(), chat.addressMessagesPerSecond(), chat.addressBurst(),
                        chat.maxConnectionsPerAddress(), chat.idleTimeoutSeconds()),
                base.digital(), base.email(), base.sms(), base.auth(), base.softphone());
    }
}

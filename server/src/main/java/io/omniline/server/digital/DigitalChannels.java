package io.omniline.server.digital;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.bridge.chat.ChatGateway;
import io.omniline.bridge.chat.ChatGatewaySettings;
import io.omniline.bridge.chat.ChatReplies;
import io.omniline.bridge.chat.ChatService;
import io.omniline.bridge.chat.VisitorTokens;
import io.omniline.bridge.chat.ChatSurveyOffers;
import io.omniline.bridge.conversation.ConversationEvents;
import io.omniline.bridge.conversation.ConversationListener;
import io.omniline.bridge.desk.AgentDesk;
import io.omniline.bridge.desk.CallbackRequester;
import io.omniline.bridge.desk.ReplyChannel;
import io.omniline.bridge.email.EmailImporter;
import io.omniline.bridge.email.EmailReplies;
import io.omniline.bridge.email.EmailSettings;
import io.omniline.bridge.email.SmtpMailer;
import io.omniline.bridge.email.MailboxReader;
import io.omniline.bridge.email.MimeReader;
import io.omniline.bridge.identity.CustomerResolver;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.bridge.sms.DeliveryReceipts;
import io.omniline.bridge.sms.SmppLink;
import io.omniline.bridge.sms.SmppSettings;
import io.omniline.bridge.sms.SmsInbox;
import io.omniline.bridge.sms.SmsReplies;
import io.omniline.bridge.sms.SmsWebhook;
import io.omniline.bridge.verification.CodeDelivery;
import io.omniline.bridge.verification.EmailCodes;
import io.omniline.bridge.verification.SmsCodes;
import io.omniline.bridge.verification.VisitorVerification;
import io.omniline.db.Database;
import io.omniline.db.Repositories;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.Channel;
import io.omniline.db.identity.IdentityKind;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.secret.SharedSecrets;
import io.omniline.server.config.OmnilineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The digital bridge as one node runs it: routing, the chat gateway, the mailbox, the SMPP link
 * and the SMS webhook, each only when configured, started in order and closed in reverse.
 */
public final class DigitalChannels implements AutoCloseable {

    private static final String CHAT_TOKEN_SECRET = "chat-visitor-token";
    private static final String VERIFICATION_SECRET = "chat-verification-code";

    private final DigitalRouter router;
    private final AgentDesk desk;
    private final ChatGateway chat;
    private final MailboxReader mailbox;
    private final SmppLink smpp;
    private final SmsWebhook webhook;

    private DigitalChannels(DigitalRouter router, AgentDesk desk, ChatGateway chat, MailboxReader mailbox, SmppLink smpp,
                            SmsWebhook webhook) {
        this.router = router;
        this.desk = desk;
        this.chat = chat;
        this.mailbox = mailbox;
        this.smpp = smpp;
        this.webhook = webhook;
    }

    /** @param desktops hears every committed conversation event, to push to agents' desktops */
    public static DigitalChannels start(OmnilineConfig config, Database database, CallbackRequester callbacks,
                                        ConversationListener desktops, MeterRegistry registry) throws InterruptedException {
        Repositories repositories = database.repositories();
        IdentityNormalizer normalizer = new IdentityNormalizer(config.identity().defaultRegion());
        InteractionRepository interactions = repositories.interactions();
        MessageRepository messages = repositories.messages();
        AgentRepository agents = repositories.agents();
        CustomerResolver resolver = new CustomerResolver(repositories.customers(), repositories.identityReviews(),
                normalizer);
        ConversationEvents events = new ConversationEvents();
        events.subscribe(new ConversationMetrics(registry));
        events.subscribe(desktops);
        events.subscribe(new ChatSurveyOffers(repositories.csatSurveys(), Clock.systemUTC()));
        DigitalRouter router = new DigitalRouter(repositories.digitalQueue(), events,
                Duration.ofSeconds(config.digital().offerTimeoutSeconds()))
                .start(Duration.ofSeconds(config.digital().routeEverySeconds()));
        List<AutoCloseable> started = new ArrayList<>(List.of(router));
        try {
            Map<Channel, ReplyChannel> replies = new EnumMap<>(Channel.class);
            Map<IdentityKind, CodeDelivery> codes = new EnumMap<>(IdentityKind.class);
            replies.put(Channel.chat, new ChatReplies(messages));
            OmnilineConfig.Sms sms = config.sms();
            SmsInbox inbox = new SmsInbox(database.dsl(), resolver, normalizer, router, events, sms.queue(),
                    Duration.ofMinutes(sms.sessionWindowMinutes()));
            SmppLink smpp = null;
            if (sms.smppEnabled()) {
                smpp = new SmppLink(new SmppSettings(sms.smppHost(), sms.smppPort(), sms.systemId(), sms.password(),
                        sms.systemType(), sms.sourceAddress(), Duration.ofSeconds(sms.enquireLinkSeconds()),
                        Duration.ofSeconds(10), Duration.ofMinutes(1)), inbox, new DeliveryReceipts(database.transactions())).start();
                started.add(smpp);
                Gauge.builder("omniline_smpp_bound", smpp, link -> link.bound() ? 1 : 0)
                        .description("1 while the SMPP link to the SMSC is bound").register(registry);
                replies.put(Channel.sms, new SmsReplies(messages, repositories.smsSubmissions(), smpp));
                codes.put(IdentityKind.phone, new SmsCodes(smpp));
            }
            MailboxReader mailbox = null;
            if (config.email().enabled()) {
                EmailSettings settings = emailSettings(config.email());
                SmtpMailer mailer = new SmtpMailer(settings);
                replies.put(Channel.email, new EmailReplies(messages, mailer));
                codes.put(IdentityKind.email, new EmailCodes(mailer));
                mailbox = new MailboxReader(settings, new MimeReader(settings.maxAttachmentBytes(), settings.maxMessageBytes()),
                        new EmailImporter(database.transactions(), resolver, router, events, settings.queueName()),
                        repositories.mailboxCursors()).start();
                started.add(mailbox);
            }
            ChatGateway chat = config.chat().enabled()
                    ? chat(config.chat(), repositories, normalizer, codes, router, events, registry) : null;
            started.add(chat);
            SmsWebhook webhook = present(sms.webhookSecret()) ? new SmsWebhook(inbox,
                    sms.webhookSecret().getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), Clock.systemUTC()) : null;
            AgentDesk desk = new AgentDesk(interactions, repositories.digitalQueue(), agents, router, replies, callbacks,
                    normalizer, events);
            return new DigitalChannels(router, desk, chat, mailbox, smpp, webhook);
        } catch (RuntimeException | InterruptedException e) {
            closeAll(started);
            throw e;
        }
    }

    private static ChatGateway chat(OmnilineConfig.Chat config, Repositories repositories, IdentityNormalizer normalizer,
                                    Map<IdentityKind, CodeDelivery> codes, DigitalRouter router, ConversationEvents events,
                                    MeterRegistry registry) throws InterruptedException {
        SharedSecrets secrets = repositories.sharedSecrets();
        byte[] secret = present(config.tokenSecret()) ? config.tokenSecret().getBytes(StandardCharsets.UTF_8)
                : secrets.getOrCreate(CHAT_TOKEN_SECRET);
        VisitorVerification verification = new VisitorVerification(repositories.interactions(),
                repositories.verificationCodes(), repositories.customerLinks(), codes, events,
                secrets.getOrCreate(VERIFICATION_SECRET), new VisitorVerification.Settings(
                        Duration.ofMinutes(config.verifyCodeMinutes()), config.verifyMaxTries(), config.verifyCodesPerHour()),
                Clock.systemUTC());
        ChatService service = new ChatService(repositories, normalizer, verification, router, events, config.queue(),
                Clock.systemUTC());
        ChatGatewaySettings settings = new ChatGatewaySettings(config.host(), config.port(), 65_536,
                config.maxMessageChars(), config.messagesPerSecond(), config.burst(), config.addressMessagesPerSecond(),
                config.addressBurst(), config.maxConnectionsPerAddress(), Duration.ofSeconds(config.idleTimeoutSeconds()),
                config.addressChatsPerMinute(), config.addressChatBurst(), Duration.ofSeconds(config.abandonAfterSeconds()));
        return ChatGateway.start(settings, service, new VisitorTokens(secret, Duration.ofDays(7), Clock.systemUTC()),
                events, registry);
    }

    private static EmailSettings emailSettings(OmnilineConfig.Email email) {
        if (!present(email.username()) || !present(email.address())) {
            throw new IllegalArgumentException("email.enabled needs email.username and email.address");
        }
        return new EmailSettings(email.imapHost(), email.imapPort(), email.imapTls(), email.username(), email.password(),
                email.folder(), email.smtpHost(), email.smtpPort(), email.smtpTls(), email.smtpUsername(),
                email.smtpPassword(), email.address(), email.queue(), Duration.ofSeconds(email.pollSeconds()), email.idle(),
                email.maxAttachmentBytes(), email.maxMessageBytes());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    public AgentDesk desk() {
        return desk;
    }

    public DigitalRouter router() {
        return router;
    }

    public Optional<SmsWebhook> smsWebhook() {
        return Optional.ofNullable(webhook);
    }

    /** The chat gateway's port, empty when chat is turned off. */
    public Optional<Integer> chatPort() {
        return Optional.ofNullable(chat).map(ChatGateway::port);
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(router);
        parts.add(smpp);
        parts.add(mailbox);
        parts.add(chat);
        closeAll(parts);
    }

    /** Closes in reverse order of starting; one failing close does not keep the others open. */
    private static void closeAll(List<AutoCloseable> started) {
        for (AutoCloseable part : started.reversed()) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(DigitalChannels.class).warn("closing {} failed", part, e);
            }
        }
    }
}

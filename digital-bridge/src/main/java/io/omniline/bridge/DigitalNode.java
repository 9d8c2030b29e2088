package io.omniline.bridge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.bridge.channels.chat.ChatGateway;
import io.omniline.bridge.channels.chat.ChatGatewaySettings;
import io.omniline.bridge.channels.chat.ChatReplies;
import io.omniline.bridge.channels.chat.ChatService;
import io.omniline.bridge.channels.chat.ChatSurveyOffers;
import io.omniline.bridge.channels.chat.VisitorBus;
import io.omniline.bridge.channels.chat.VisitorTokens;
import io.omniline.bridge.channels.email.EmailImporter;
import io.omniline.bridge.channels.email.EmailReplies;
import io.omniline.bridge.channels.email.EmailSettings;
import io.omniline.bridge.channels.email.EmailSurveyOffers;
import io.omniline.bridge.channels.email.MailboxReader;
import io.omniline.bridge.channels.email.MimeReader;
import io.omniline.bridge.channels.email.SmtpMailer;
import io.omniline.bridge.channels.sms.DeliveryReceipts;
import io.omniline.bridge.channels.sms.SmppLink;
import io.omniline.bridge.channels.sms.SmppSettings;
import io.omniline.bridge.channels.sms.SmsInbox;
import io.omniline.bridge.channels.sms.SmsReplies;
import io.omniline.bridge.channels.sms.SmsSurveyOffers;
import io.omniline.bridge.channels.sms.SmsSurveyReplies;
import io.omniline.bridge.channels.sms.SmsWebhook;
import io.omniline.bridge.conversations.AgentDesk;
import io.omniline.bridge.conversations.CallbackRequester;
import io.omniline.bridge.conversations.ReplyChannel;
import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationEvents;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.bridge.surveys.SurveyQuestions;
import io.omniline.bridge.surveys.SurveyRatings;
import io.omniline.bridge.surveys.SurveyTokens;
import io.omniline.bridge.verification.EmailCodes;
import io.omniline.bridge.verification.SmsCodes;
import io.omniline.customers.resolve.CustomerResolver;
import io.omniline.customers.verify.CodeDelivery;
import io.omniline.customers.verify.VisitorVerification;
import io.omniline.db.Database;
import io.omniline.db.Repositories;
import io.omniline.db.Transactions;
import io.omniline.db.identity.IdentityKind;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.notify.NodeBus;
import io.omniline.db.secret.SharedSecrets;
import io.omniline.runtime.Lifecycle;
import io.omniline.runtime.Service;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The digital channels as one node runs them: routing, then the SMPP link, the mailbox and the
 * chat gateway, each only when configured; stopped in reverse. The SMS webhook and the agent's
 * desk need no thread of their own.
 */
public final class DigitalNode implements Service {

    private static final String CHAT_TOKEN_SECRET = "chat-visitor-token";
    private static final String VERIFICATION_SECRET = "chat-verification-code";
    private static final String SURVEY_LINK_SECRET = "csat-survey-link";

    /**
     * @param defaultRegion the region phone numbers written without a country code belong to
     * @param email null when email is off
     * @param chat null when chat is off
     */
    public record Settings(
            String defaultRegion,
            Duration offerTimeout,
            Duration routeEvery,
            Sms sms,
            EmailSettings email,
            Chat chat,
            Surveys surveys) {}

    /**
     * Satisfaction surveys after email and SMS conversations.
     *
     * @param linkLifetime how long the rating link in a mail works
     * @param smsReplyWindow how long after the question a lone digit by text is taken as its answer
     * @param publicUrl the web server's address as customers reach it (the rating page is there)
     * @param questions how the rating mails and texts are retried while their channel refuses them
     */
    public record Surveys(
            Duration linkLifetime,
            Duration smsReplyWindow,
            Supplier<String> publicUrl,
            SurveyQuestions.Settings questions) {}

    /**
     * @param sessionWindow how long after a text a reply still belongs to the same conversation
     * @param smpp the link to the SMSC; null when SMPP is off
     * @param webhookSecret the provider's signing secret; null when the webhook is off
     */
    public record Sms(String queue, Duration sessionWindow, SmppSettings smpp, String webhookSecret) {}

    /**
     * @param tokenSecret signs visitors' tokens; when null, one is generated once and shared by every node
     * @param verification the one-time codes a visitor proves a phone or an address with
     */
    public record Chat(
            ChatGatewaySettings gateway, String tokenSecret, String queue, VisitorVerification.Settings verification) {}

    private final Settings settings;
    private final Repositories repositories;
    private final Transactions transactions;
    private final CallbackRequester callbacks;
    private final ConversationListener desktops;
    private final MeterRegistry registry;
    private final Lifecycle lifecycle = new Lifecycle("digital channels");
    private DigitalRouter router;
    private AgentDesk desk;
    private ChatGateway chat;
    /** Carries what chat visitors connected to other nodes must see. */
    private final NodeBus bus;

    private SmsWebhook webhook;
    private SurveyRatings surveyRatings;

    /** @param desktops hears every committed conversation event, to push to agents' desktops */
    public DigitalNode(
            Settings settings,
            Database database,
            CallbackRequester callbacks,
            ConversationListener desktops,
            NodeBus bus,
            MeterRegistry registry) {
        this.bus = bus;
        this.settings = settings;
        this.repositories = database.repositories();
        this.transactions = database.transactions();
        this.callbacks = callbacks;
        this.desktops = desktops;
        this.registry = registry;
    }

    @Override
    public String name() {
        return "digital channels";
    }

    @Override
    public void start() throws Exception {
        lifecycle.assemble(this::startChannels);
    }

    /** @return the agent's desk, built last, over every channel that started */
    private AgentDesk startChannels() throws InterruptedException {
        IdentityNormalizer normalizer = new IdentityNormalizer(settings.defaultRegion());
        MessageRepository messages = repositories.messages();
        CustomerResolver resolver =
                new CustomerResolver(repositories.customers(), repositories.identityReviews(), normalizer);
        ConversationEvents events = new ConversationEvents();
        events.subscribe(new ConversationMetrics(registry));
        events.subscribe(desktops);
        events.subscribe(new ChatSurveyOffers(repositories.csatSurveys(), Clock.systemUTC()));
        VisitorBus visitors = new VisitorBus(bus, repositories.interactions(), messages, repositories.agents());
        events.subscribe(visitors);
        router = lifecycle.open(
                "routing",
                () -> new DigitalRouter(repositories.digitalQueue(), events, settings.offerTimeout())
                        .start(settings.routeEvery()));
        Map<Channel, ReplyChannel> replies = new EnumMap<>(Channel.class);
        Map<IdentityKind, CodeDelivery> codes = new EnumMap<>(IdentityKind.class);
        replies.put(
                Channel.chat,
                new ChatReplies(
                        messages,
                        settings.chat() == null
                                ? ChatGatewaySettings.defaults("127.0.0.1", 0).maxMessageChars()
                                : settings.chat().gateway().maxMessageChars()));
        Sms sms = settings.sms();
        Surveys surveys = settings.surveys();
        SmsInbox inbox = new SmsInbox(
                transactions,
                resolver,
                normalizer,
                router,
                events,
                sms.queue(),
                sms.sessionWindow(),
                Optional.of(new SmsSurveyReplies(transactions, surveys.smsReplyWindow(), Clock.systemUTC())));
        SurveyQuestions questions = lifecycle.open(
                "survey questions",
                () -> new SurveyQuestions(repositories.csatSurveys(), surveys.questions(), Clock.systemUTC(), registry)
                        .start(surveys.questions().firstRetry()));
        if (sms.smpp() != null) {
            SmppLink smpp = lifecycle.open(
                    "SMPP", () -> new SmppLink(sms.smpp(), inbox, new DeliveryReceipts(transactions)).start());
            Gauge.builder("omniline_smpp_bound", smpp, link -> link.bound() ? 1 : 0)
                    .description("1 while the SMPP link to the SMSC is bound")
                    .register(registry);
            replies.put(Channel.sms, new SmsReplies(messages, repositories.smsSubmissions(), smpp));
            codes.put(IdentityKind.phone, new SmsCodes(smpp));
            SmsSurveyOffers smsSurveys =
                    new SmsSurveyOffers(repositories.csatSurveys(), smpp, questions, Clock.systemUTC());
            questions.sendsOn("sms", smsSurveys);
            events.subscribe(smsSurveys);
        }
        SurveyTokens surveyTokens = new SurveyTokens(
                repositories.sharedSecrets().getOrCreate(SURVEY_LINK_SECRET),
                surveys.linkLifetime(),
                Clock.systemUTC());
        surveyRatings = new SurveyRatings(surveyTokens, repositories.csatSurveys(), Clock.systemUTC());
        EmailSettings email = settings.email();
        if (email != null) {
            SmtpMailer mailer = new SmtpMailer(email);
            EmailSurveyOffers emailSurveys = new EmailSurveyOffers(
                    repositories.csatSurveys(),
                    messages,
                    mailer,
                    surveyTokens,
                    surveys.publicUrl(),
                    questions,
                    Clock.systemUTC());
            questions.sendsOn("email", emailSurveys);
            events.subscribe(emailSurveys);
            replies.put(Channel.email, new EmailReplies(messages, mailer));
            codes.put(IdentityKind.email, new EmailCodes(mailer));
            lifecycle.open(
                    "mailbox",
                    () -> new MailboxReader(
                                    email,
                                    new MimeReader(email.maxAttachmentBytes(), email.maxMessageBytes()),
                                    new EmailImporter(transactions, resolver, router, events, email.queueName()),
                                    repositories.mailboxCursors())
                            .start());
        }
        chat = settings.chat() == null
                ? null
                : lifecycle.open("chat gateway", () -> chat(settings.chat(), normalizer, codes, events, visitors));
        webhook = sms.webhookSecret() == null
                ? null
                : new SmsWebhook(
                        inbox,
                        sms.webhookSecret().getBytes(StandardCharsets.UTF_8),
                        Duration.ofMinutes(5),
                        Clock.systemUTC());
        desk = new AgentDesk(
                repositories.interactions(),
                repositories.digitalQueue(),
                repositories.agents(),
                router,
                replies,
                callbacks,
                normalizer,
                events,
                channelQueues());
        return desk;
    }

    /** Where each configured channel queues its new conversations. */
    private Map<Channel, String> channelQueues() {
        Map<Channel, String> queues = new EnumMap<>(Channel.class);
        queues.put(Channel.sms, settings.sms().queue());
        if (settings.email() != null) {
            queues.put(Channel.email, settings.email().queueName());
        }
        if (settings.chat() != null) {
            queues.put(Channel.chat, settings.chat().queue());
        }
        return queues;
    }

    private ChatGateway chat(
            Chat config,
            IdentityNormalizer normalizer,
            Map<IdentityKind, CodeDelivery> codes,
            ConversationEvents events,
            VisitorBus visitors)
            throws InterruptedException {
        SharedSecrets secrets = repositories.sharedSecrets();
        byte[] secret = config.tokenSecret() != null
                ? config.tokenSecret().getBytes(StandardCharsets.UTF_8)
                : secrets.getOrCreate(CHAT_TOKEN_SECRET);
        VisitorVerification verification = new VisitorVerification(
                repositories.interactions(),
                repositories.verificationCodes(),
                repositories.customerLinks(),
                codes,
                joined -> events.on(new ConversationEvent.CustomerChanged(joined)),
                secrets.getOrCreate(VERIFICATION_SECRET),
                config.verification(),
                Clock.systemUTC());
        ChatService service = new ChatService(
                repositories, normalizer, verification, router, events, config.queue(), Clock.systemUTC());
        return ChatGateway.start(
                config.gateway(),
                service,
                new VisitorTokens(secret, Duration.ofDays(7), Clock.systemUTC()),
                events,
                visitors,
                registry);
    }

    @Override
    public void stop() {
        lifecycle.stop();
    }

    public AgentDesk desk() {
        return desk;
    }

    public DigitalRouter router() {
        return router;
    }

    /** Ratings through the link in a mail after an email conversation. */
    public SurveyRatings surveyRatings() {
        return surveyRatings;
    }

    public Optional<SmsWebhook> smsWebhook() {
        return Optional.ofNullable(webhook);
    }

    /** The chat gateway's port, empty when chat is turned off. */
    public Optional<Integer> chatPort() {
        return Optional.ofNullable(chat).map(ChatGateway::port);
    }
}

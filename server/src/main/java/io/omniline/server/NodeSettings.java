package io.omniline.server;

import io.omniline.bridge.DigitalNode;
import io.omniline.bridge.channels.chat.ChatGatewaySettings;
import io.omniline.bridge.channels.email.EmailSettings;
import io.omniline.bridge.channels.sms.SmppSettings;
import io.omniline.bridge.surveys.SurveyQuestions;
import io.omniline.customers.verify.VisitorVerification;
import io.omniline.server.config.ConfigException;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.server.http.HttpServer;
import io.omniline.server.reports.ReportSettings;
import io.omniline.server.softphone.SoftphoneSettings;
import io.omniline.telephony.TelephonyAmi;
import io.omniline.telephony.TelephonyNode;
import io.omniline.telephony.agi.FastAgiServer;
import io.omniline.telephony.ami.AmiSupervisor;
import io.omniline.telephony.callbacks.CallbackSettings;
import io.omniline.telephony.calls.CallWorker;
import io.omniline.telephony.ivr.IvrCallHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

/** The configuration, read into the settings of each node of the system. */
final class NodeSettings {

    /** How long a stop waits for callers in the IVR to be handed on. */
    static final Duration AGI_GRACE = Duration.ofSeconds(15);
    /**
     * How long a node trusts which version a number or flow name leads to without hearing of a
     * change: the bound on a change missed while its listener was reconnecting.
     */
    static final Duration FLOW_RECHECK = Duration.ofSeconds(10);
    /** How long [omniline-dial-customer] rings the customer (its Dial() timeout in asterisk-conf/extensions.conf). */
    static final Duration CALLBACK_CUSTOMER_RING = Duration.ofSeconds(45);
    /** Longest one database attempt of the call tracker may take before it is cut and tried again. */
    static final Duration CALL_WORK_DEADLINE = Duration.ofSeconds(5);
    /** Call updates that may wait for the database at once (about 10,000 calls' worth). */
    static final int CALL_WORK_LIMIT = 100_000;
    /** The longest wait between two tries of a rating mail or text its channel refused. */
    static final Duration LONGEST_QUESTION_RETRY = Duration.ofMinutes(30);

    private NodeSettings() {}

    static WebNode.Settings web(OmnilineConfig config) {
        return new WebNode.Settings(
                new HttpServer.Settings(
                        config.http().host(),
                        config.http().port(),
                        config.http().publicOrigins(),
                        config.http().trustedProxies()),
                SoftphoneSettings.from(config.softphone()),
                ReportSettings.from(config.reports()));
    }

    static TelephonyNode.Settings telephony(OmnilineConfig config) throws UnknownHostException {
        OmnilineConfig.Agi agi = config.agi();
        FastAgiServer.Settings fastAgi = new FastAgiServer.Settings(
                InetAddress.getByName(agi.host()),
                agi.port(),
                Duration.ofSeconds(agi.idleTimeoutSeconds()),
                agi.maxConnections(),
                Duration.ofSeconds(agi.environmentTimeoutSeconds()),
                Duration.ofMinutes(1));
        IvrCallHandler.Settings ivr = new IvrCallHandler.Settings(
                        config.ivr().fallbackQueue(),
                        config.ivr().stepLimit(),
                        Duration.ofMillis(config.ivr().databaseBudgetMillis()),
                        config.callbacks().maxAttempts(),
                        Math.max(1, config.database().poolSize() / 4))
                .withSurveyComments(config.reports().surveys().asteriskCommentDirectory());
        return new TelephonyNode.Settings(
                fastAgi,
                ivr,
                config.identity().defaultRegion(),
                config.ami().enabled() ? ami(config) : null,
                callbacks(config.callbacks()),
                FLOW_RECHECK,
                AGI_GRACE);
    }

    /**
     * The call tracker's database work takes at most half the pool, so callers in the IVR always
     * find a connection; each attempt gets {@link #CALL_WORK_DEADLINE}. Each Asterisk server is
     * followed by whichever node holds its advisory lock.
     */
    private static TelephonyAmi.Settings ami(OmnilineConfig config) {
        List<TelephonyAmi.Server> servers = config.ami().serverList().stream()
                .map(ami -> new TelephonyAmi.Server(
                        ami.name(),
                        new AmiSupervisor.Settings(
                                ami.host(),
                                ami.port(),
                                ami.username(),
                                ami.secret(),
                                Duration.ofSeconds(ami.timeoutSeconds()),
                                Duration.ofSeconds(ami.pingSeconds()),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(ami.maxBackoffSeconds())),
                        Duration.ofSeconds(ami.reconcileSeconds())))
                .toList();
        CallWorker.Settings work = new CallWorker.Settings(
                Math.max(1, config.database().poolSize() / 2),
                CALL_WORK_LIMIT,
                CALL_WORK_DEADLINE,
                Duration.ofMillis(200),
                Duration.ofSeconds(5));
        return new TelephonyAmi.Settings(servers, work, Duration.ofSeconds(10));
    }

    private static CallbackSettings callbacks(OmnilineConfig.Callbacks callbacks) {
        return new CallbackSettings(
                Duration.ofSeconds(callbacks.everySeconds()),
                Duration.ofMinutes(callbacks.retryMinutes()),
                Duration.ofHours(1),
                Duration.ofSeconds(callbacks.agentRingSeconds()),
                Duration.ofSeconds(callbacks.agentRingSeconds())
                        .plus(CALLBACK_CUSTOMER_RING)
                        .plusMinutes(1),
                Duration.ofSeconds(30));
    }

    /** @param webPort the port the web server bound, known only once it started */
    static DigitalNode.Settings digital(OmnilineConfig config, IntSupplier webPort) {
        OmnilineConfig.Sms sms = config.sms();
        SmppSettings smpp = sms.smppEnabled()
                ? new SmppSettings(
                        sms.smppHost(),
                        sms.smppPort(),
                        sms.systemId(),
                        sms.password(),
                        sms.systemType(),
                        sms.sourceAddress(),
                        Duration.ofSeconds(sms.enquireLinkSeconds()),
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(1))
                : null;
        DigitalNode.Sms texts = new DigitalNode.Sms(
                sms.queue(),
                Duration.ofMinutes(sms.sessionWindowMinutes()),
                smpp,
                present(sms.webhookSecret()) ? sms.webhookSecret() : null);
        return new DigitalNode.Settings(
                config.identity().defaultRegion(),
                Duration.ofSeconds(config.digital().offerTimeoutSeconds()),
                Duration.ofSeconds(config.digital().routeEverySeconds()),
                texts,
                config.email().enabled() ? email(config.email()) : null,
                config.chat().enabled() ? chat(config.chat()) : null,
                surveys(config, webPort));
    }

    private static DigitalNode.Surveys surveys(OmnilineConfig config, IntSupplier webPort) {
        OmnilineConfig.Surveys surveys = config.reports().surveys();
        if (surveys.linkDays() < 1
                || surveys.smsReplyHours() < 1
                || surveys.questionRetrySeconds() < 1
                || surveys.questionHours() < 1) {
            throw new ConfigException("reports.surveys.linkDays, smsReplyHours, questionRetrySeconds and questionHours"
                    + " must be 1 or more");
        }
        String configured =
                present(surveys.publicUrl()) ? surveys.publicUrl().strip().replaceAll("/+$", "") : null;
        if (configured != null && !configured.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
            throw new ConfigException("reports.surveys.publicUrl: " + configured
                    + " is not an http(s) address like https://help.example.com");
        }
        return new DigitalNode.Surveys(
                Duration.ofDays(surveys.linkDays()),
                Duration.ofHours(surveys.smsReplyHours()),
                () -> configured != null
                        ? configured
                        : "http://" + config.http().host() + ":" + webPort.getAsInt(),
                new SurveyQuestions.Settings(
                        Duration.ofSeconds(surveys.questionRetrySeconds()),
                        LONGEST_QUESTION_RETRY,
                        Duration.ofHours(surveys.questionHours())));
    }

    private static DigitalNode.Chat chat(OmnilineConfig.Chat config) {
        ChatGatewaySettings gateway = new ChatGatewaySettings(
                config.host(),
                config.port(),
                65_536,
                config.maxMessageChars(),
                config.messagesPerSecond(),
                config.burst(),
                config.addressMessagesPerSecond(),
                config.addressBurst(),
                config.maxConnectionsPerAddress(),
                Duration.ofSeconds(config.idleTimeoutSeconds()),
                config.addressChatsPerMinute(),
                config.addressChatBurst(),
                Duration.ofSeconds(config.abandonAfterSeconds()));
        return new DigitalNode.Chat(
                gateway,
                present(config.tokenSecret()) ? config.tokenSecret() : null,
                config.queue(),
                new VisitorVerification.Settings(
                        Duration.ofMinutes(config.verifyCodeMinutes()),
                        config.verifyMaxTries(),
                        config.verifyCodesPerHour()));
    }

    private static EmailSettings email(OmnilineConfig.Email email) {
        if (!present(email.username()) || !present(email.address())) {
            throw new IllegalArgumentException("email.enabled needs email.username and email.address");
        }
        return new EmailSettings(
                email.imapHost(),
                email.imapPort(),
                email.imapTls(),
                email.username(),
                email.password(),
                email.folder(),
                email.smtpHost(),
                email.smtpPort(),
                email.smtpTls(),
                email.smtpUsername(),
                email.smtpPassword(),
                email.address(),
                email.queue(),
                Duration.ofSeconds(email.pollSeconds()),
                email.idle(),
                email.maxAttachmentBytes(),
                email.maxMessageBytes());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}

package io.omniline.server;

import io.omniline.db.DatabaseSettings;
import io.omniline.server.config.OmnilineConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Configuration for a server under test: the given database, and free ports for HTTP and FastAGI. */
public final class TestConfigs {

    /** The first admin's password on a test server (bcrypt cost 4 keeps logins fast in tests). */
    public static final String ADMIN_PASSWORD = "test-admin-password";

    /**
     * A ticking clock set to a Wednesday 11:00 in New York, inside the example main flow's opening hours:
     * tests that call through it reach a queue whatever the hour they run at.
     */
    public static final Clock OPENING_HOURS =
            Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse("2026-11-18T16:00:00Z")));

    private TestConfigs() {}

    public static OmnilineConfig forDatabase(DatabaseSettings settings) {
        OmnilineConfig defaults = OmnilineConfig.defaults();
        return new OmnilineConfig(
                new OmnilineConfig.Http("127.0.0.1", 0),
                new OmnilineConfig.Database(
                        settings.jdbcUrl(),
                        settings.user(),
                        settings.password(),
                        4,
                        5,
                        defaults.database().embedded()),
                defaults.identity(),
                patient(defaults.ivr()),
                new OmnilineConfig.Agi("127.0.0.1", 0, 30, 0, 5),
                new OmnilineConfig.Ami(false, "127.0.0.1", 0, "omniline", "omniline", 5, 20, 30, 60),
                new OmnilineConfig.Chat(
                        true, "127.0.0.1", 0, "chat", null, 4_000, 2, 10, 20, 60, 50, 600, 10, 20, 120, 10, 5, 5),
                defaults.digital(),
                defaults.email(),
                defaults.sms(),
                new OmnilineConfig.Auth(12, 24, 15, 4, ADMIN_PASSWORD, 5, 20, 15),
                defaults.softphone(),
                defaults.reports(),
                defaults.callbacks(),
                defaults.voicemail());
    }

    /** A database budget for callers that no loaded test machine exceeds; the deadline has tests of its own. */
    private static OmnilineConfig.Ivr patient(OmnilineConfig.Ivr ivr) {
        return new OmnilineConfig.Ivr(
                ivr.queues(),
                ivr.stepLimit(),
                ivr.installExamples(),
                ivr.fallbackQueue(),
                10_000,
                ivr.soundsDirectory(),
                ivr.promptSyncToken(),
                ivr.promptUploadMiB());
    }

    /** The same, writing prompts into Asterisk's sounds directory {@code sounds} and serving them to the sync script with {@code syncToken}. */
    public static OmnilineConfig withPrompts(OmnilineConfig config, String sounds, String syncToken) {
        OmnilineConfig.Ivr ivr = config.ivr();
        return new OmnilineConfig(
                config.http(),
                config.database(),
                config.identity(),
                new OmnilineConfig.Ivr(
                        ivr.queues(),
                        ivr.stepLimit(),
                        ivr.installExamples(),
                        ivr.fallbackQueue(),
                        ivr.databaseBudgetMillis(),
                        sounds,
                        syncToken,
                        ivr.promptUploadMiB()),
                config.agi(),
                config.ami(),
                config.chat(),
                config.digital(),
                config.email(),
                config.sms(),
                config.auth(),
                config.softphone(),
                config.reports(),
                config.callbacks(),
                config.voicemail());
    }

    /** The same, following the AMI at this port with user omniline / omniline. */
    public static OmnilineConfig withAmi(OmnilineConfig config, int port) {
        return new OmnilineConfig(
                config.http(),
                config.database(),
                config.identity(),
                config.ivr(),
                config.agi(),
                new OmnilineConfig.Ami(true, "127.0.0.1", port, "omniline", "omniline", 5, 20, 2, 60),
                config.chat(),
                config.digital(),
                config.email(),
                config.sms(),
                config.auth(),
                config.softphone(),
                config.reports(),
                config.callbacks(),
                config.voicemail());
    }

    /** The same with other web settings. */
    public static OmnilineConfig withHttp(OmnilineConfig config, OmnilineConfig.Http http) {
        return new OmnilineConfig(
                http,
                config.database(),
                config.identity(),
                config.ivr(),
                config.agi(),
                config.ami(),
                config.chat(),
                config.digital(),
                config.email(),
                config.sms(),
                config.auth(),
                config.softphone(),
                config.reports(),
                config.callbacks(),
                config.voicemail());
    }

    /** The same with other account settings. */
    public static OmnilineConfig withAuth(OmnilineConfig config, OmnilineConfig.Auth auth) {
        return new OmnilineConfig(
                config.http(),
                config.database(),
                config.identity(),
                config.ivr(),
                config.agi(),
                config.ami(),
                config.chat(),
                config.digital(),
                config.email(),
                config.sms(),
                auth,
                config.softphone(),
                config.reports(),
                config.callbacks(),
                config.voicemail());
    }

    /** The same with the SMS webhook on at /webhooks/sms, signed with {@code secret}. */
    public static OmnilineConfig withSmsWebhook(OmnilineConfig config, String secret) {
        OmnilineConfig.Sms sms = config.sms();
        return new OmnilineConfig(
                config.http(),
                config.database(),
                config.identity(),
                config.ivr(),
                config.agi(),
                config.ami(),
                config.chat(),
                config.digital(),
                config.email(),
                new OmnilineConfig.Sms(
                        false, sms.smppHost(), sms.smppPort(), null, null, "", null, 30, secret, "sms", 30),
                config.auth(),
                config.softphone(),
                config.reports(),
                config.callbacks(),
                config.voicemail());
    }

    /**
     * The same with the email channel on: the mailbox {@code address} (password "secret") read over IMAP
     * without TLS and answered over SMTP, both on 127.0.0.1 (a GreenMail server).
     */
    public static OmnilineConfig withEmail(OmnilineConfig config, String address, int imapPort, int smtpPort) {
        return new OmnilineConfig(
                config.http(),
                config.database(),
                config.identity(),
                config.ivr(),
                config.agi(),
                config.ami(),
                config.chat(),
                config.digital(),
                new OmnilineConfig.Email(
                        true,
                        "127.0.0.1",
                        imapPort,
                        false,
                        address,
                        "secret",
                        "INBOX",
                        "127.0.0.1",
                        smtpPort,
                        false,
                        null,
                        null,
                        address,
                        "email",
                        1,
                        true,
                        1024 * 1024,
                        10 * 1024 * 1024),
                config.sms(),
                config.auth(),
                config.softphone(),
                config.reports(),
                config.callbacks(),
                config.voicemail());
    }

    /** The same with the contact center in another time zone (reports.timeZone): the floor's "today" is its day. */
    public static OmnilineConfig withTimeZone(OmnilineConfig config, String zone) {
        OmnilineConfig.Reports reports = config.reports();
        return withReports(
                config,
                new OmnilineConfig.Reports(
                        zone,
                        reports.shortAbandonSeconds(),
                        reports.serviceLevelSeconds(),
                        reports.fcrDays(),
                        reports.surveys(),
                        reports.dailyEmail()));
    }

    public static OmnilineConfig withReports(OmnilineConfig config, OmnilineConfig.Reports reports) {
        return new OmnilineConfig(
                config.http(),
                config.database(),
                config.identity(),
                config.ivr(),
                config.agi(),
                config.ami(),
                config.chat(),
                config.digital(),
                config.email(),
                config.sms(),
                config.auth(),
                config.softphone(),
                reports,
                config.callbacks(),
                config.voicemail());
    }

    /** Survey comments read from {@code folder} by the web server (Asterisk's folder keeps its default). */
    public static OmnilineConfig withSurveyComments(OmnilineConfig config, String folder) {
        OmnilineConfig.Reports reports = config.reports();
        OmnilineConfig.Surveys surveys = reports.surveys();
        return withReports(
                config,
                new OmnilineConfig.Reports(
                        reports.timeZone(),
                        reports.shortAbandonSeconds(),
                        reports.serviceLevelSeconds(),
                        reports.fcrDays(),
                        new OmnilineConfig.Surveys(
                                surveys.publicUrl(),
                                surveys.linkDays(),
                                surveys.smsReplyHours(),
                                surveys.questionRetrySeconds(),
                                surveys.questionHours(),
                                surveys.asteriskCommentDirectory(),
                                folder),
                        reports.dailyEmail()));
    }
}

package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.PasswordHasher;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.telephony.ami.event.AmiChannel;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.sim.AmiSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Callbacks on the pages, in headless Chromium against a node placing them through the AMI
 * simulator: the supervisor watches one go from waiting to calling to done; the agent sees those
 * of their queues, and plays a voicemail from the customer's history.
 */
class CallbacksBrowserTest {

    private static final String NUMBER = "+15551230007";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path spool;

    @Test
    void theSupervisorSeesACallbackPlacedAndDoneInPlainWords() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            db.repositories()
                    .accounts()
                    .create("sam", new PasswordHasher(4).hash("supervisor-pw"), AccountRole.supervisor, null, "test");
            asterisk.onOriginate(
                    "PJSIP/1301", new AmiSimulator.OriginateOutcome.Answered("PJSIP/1301-00000021", "1796060000.21"));
            filed("1800000301.1", NUMBER, "callback");
            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "sam", "supervisor-pw");
                By status = By.xpath(
                        "//ul[@id='staff-callback-list']/li[strong='" + NUMBER + "']/span[@class='callback-status']");
                wait.until(ExpectedConditions.textToBe(status, "waiting for a free agent"));
                Pages.screenshot(browser.findElement(By.id("staff-callbacks")), "callbacks-waiting");

                AmiScripts.awaitAmi(omniline);
                asterisk.emit(
                        ("Event: QueueMemberAdded\r\nPrivilege: agent,all\r\nQueue: callback\r\nMemberName: Cy\r\n"
                                        + "Interface: PJSIP/1301\r\nMembership: dynamic\r\nPenalty: 0\r\nInCall: 0\r\nStatus: 1\r\n"
                                        + "Paused: 0\r\nPausedReason: \r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                wait.until(ExpectedConditions.textToBe(status, "the agent at PJSIP/1301 is calling the customer"));
                Pages.screenshot(browser.findElement(By.id("staff-callbacks")), "callbacks-calling");

                AmiChannel agent = new AmiChannel(
                        "PJSIP/1301-00000021",
                        6,
                        "Up",
                        NUMBER,
                        "Callback " + NUMBER,
                        "",
                        "",
                        "en",
                        "",
                        "omniline-callback-out",
                        NUMBER,
                        2,
                        "1796060000.21",
                        "1796060000.21");
                AmiChannel customer = new AmiChannel(
                        "PJSIP/pstn-00000022",
                        6,
                        "Up",
                        NUMBER,
                        "",
                        "",
                        "",
                        "en",
                        "",
                        "from-pstn",
                        NUMBER,
                        1,
                        "1796060000.22",
                        "1796060000.21");
                asterisk.emit(new AmiEvent.DialEnd(agent, customer, "ANSWER"));
                wait.until(ExpectedConditions.textToBe(status, "done: the customer answered"));
                Pages.screenshot(browser.findElement(By.id("staff-callbacks")), "callbacks-done");
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void anAgentSeesTheirQueuesCallbacksAndPlaysAVoicemailFromTheCustomersHistory() throws Exception {
        Path message = spool.resolve("default/support/INBOX/msg0007.wav");
        Files.createDirectories(message.getParent());
        Files.copy(Path.of("../asterisk-conf/sounds/en/omniline/goodbye.wav"), message);
        OmnilineConfig base = TestConfigs.forDatabase(db.settings());
        OmnilineConfig config = new OmnilineConfig(
                base.http(),
                base.database(),
                base.identity(),
                base.ivr(),
                base.agi(),
                base.ami(),
                base.chat(),
                base.digital(),
                base.email(),
                base.sms(),
                base.auth(),
                base.softphone(),
                base.reports(),
                base.callbacks(),
                new OmnilineConfig.Voicemail(spool.toString()));
        try (Omniline omniline = Omniline.start(config, TestConfigs.OPENING_HOURS)) {
            long dora = db.repositories()
                    .agents()
                    .create("dora", "Dora", "PJSIP/1302", Map.of(), Map.of("sales", 0, "support", 0), "test")
                    .id();
            db.repositories()
                    .accounts()
                    .create("dora", new PasswordHasher(4).hash("agent-dora-pw"), AccountRole.agent, dora, "test");
            filed("1800000311.1", "+15551230011", "sales");
            filed("1800000312.1", "+15551230012", "billing");
            long customer = db.repositories()
                    .customers()
                    .create("Hana Ito", Map.of(), List.of(new IdentityNormalizer("US").phone("+15557770009")))
                    .id();
            InteractionRepository interactions = db.repositories().interactions();
            Interaction left =
                    interactions.open(NewInteraction.inboundCall("1800000313.1", null, customer, "+15557770009"));
            interactions.putMetadata(
                    left.id(),
                    Map.of(
                            "voicemail",
                            Map.of(
                                    "mailbox",
                                    "support@default",
                                    "status",
                                    "left",
                                    "message",
                                    "default/support/INBOX/msg0007")));
            interactions.end(left.id(), InteractionOutcome.voicemail);
            Interaction now = interactions.open(
                    NewInteraction.inboundCall("1800000314.1", "1800000314.1", customer, "+15557770009"));
            interactions.queue(now.id(), "support", 0);
            interactions.answerCall(now.id(), dora, 4);

            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "dora", "agent-dora-pw");
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#callback-list li .callback-status"), "waiting for a free agent"));
                assertThat(browser.findElements(By.cssSelector("#callback-list li")))
                        .as("only her queues' callbacks")
                        .hasSize(1);
                assertThat(browser.findElement(By.cssSelector("#callback-list li"))
                                .getText())
                        .startsWith("+15551230011");
                Pages.screenshot(browser.findElement(By.id("callbacks")), "desktop-callbacks");

                By recent = By.cssSelector("#recent button[data-interaction='" + left.id() + "']");
                wait.until(ExpectedConditions.elementToBeClickable(recent)).click();
                By play = By.xpath("//ul[@id='history-list']//button[text()='Play voicemail']");
                wait.until(ExpectedConditions.elementToBeClickable(play));
                assertThat(browser.findElement(
                                        By.cssSelector("#history-list button[data-interaction='" + left.id() + "']"))
                                .getText())
                        .contains("voicemail");
                browser.findElement(play).click();
                By audio = By.cssSelector("#history-list audio");
                wait.until(ExpectedConditions.presenceOfElementLocated(audio));
                wait.until(driver -> ((Number)
                                        browser.executeScript(
                                                "var a = document.querySelector('#history-list audio'); return a.error ? -1 : a.readyState;"))
                                .intValue()
                        >= 1);
                assertThat(browser.executeScript("return document.querySelector('#history-list audio').duration"))
                        .as("the recording was served and decoded")
                        .satisfies(duration ->
                                assertThat(((Number) duration).doubleValue()).isPositive());
                browser.executeScript("document.getElementById('history').scrollIntoView()");
                Pages.screenshot(browser, "desktop-voicemail-in-history");
            } finally {
                browser.quit();
            }
        }
    }

    private static void filed(String uniqueId, String number, String queue) {
        InteractionRepository interactions = db.repositories().interactions();
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId, uniqueId, null, number));
        interactions.end(call.id(), InteractionOutcome.callback_requested);
        db.repositories().callbacks().request(call.id(), null, number, queue, 3, Instant.now());
    }
}

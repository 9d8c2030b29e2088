package io.omniline.server.pages;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.PasswordHasher;
import io.omniline.telephony.ami.event.QueueMemberState;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.ScriptedCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The supervisor's wallboard in headless Chromium, updating live from the AMI simulator, with
 * today's answered calls and service level from the stored calls.
 */
class SupervisorBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theWallboardShowsAgentsAndWaitingCallersAsAsteriskReportsThem() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            db.repositories()
                    .accounts()
                    .create("sam", new PasswordHasher(4).hash("supervisor-pw"), AccountRole.supervisor, null, "test");
            db.repositories().agents().create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test");
            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "sam", "supervisor-pw");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                AmiScripts.awaitAmi(omniline);

                asterisk.emit(
                        ("Event: QueueMemberAdded\r\nPrivilege: agent,all\r\nQueue: support\r\nMemberName: Amy\r\n"
                                        + "Interface: PJSIP/1001\r\nMembership: dynamic\r\nPenalty: 0\r\nInCall: 0\r\nStatus: 1\r\n"
                                        + "Paused: 0\r\nPausedReason: \r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                By support = By.cssSelector("#wallboard [data-queue='support'] [data-figure='agents']");
                wait.until(ExpectedConditions.textToBe(support, "Available: 1"));

                AsteriskAgiCall.of(
                                AgiEnvironment.call("1795455816.1", "15551234567", "100", "ivr"),
                                press("1"),
                                press("12345678#"),
                                press("2"))
                        .run(omniline.agiPort());
                List<byte[]> call = ScriptedCalls.answered("1795455816.1", "support", "PJSIP/1001", 1);
                call.subList(0, AmiScripts.indexOf(call, "Event: AgentCalled")).forEach(asterisk::emit);
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#wallboard [data-queue='support'] [data-figure='waiting'] dd"), "1"));

                call.subList(
                                AmiScripts.indexOf(call, "Event: AgentCalled"),
                                AmiScripts.indexOf(call, "Event: AgentComplete"))
                        .forEach(asterisk::emit);
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#wallboard [data-queue='support'] [data-figure='answered'] dd"), "1"));
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#wallboard [data-queue='support'] [data-figure='service-level'] dd"), "100 %"));
                assertThat(browser.findElement(By.cssSelector(
                                        "#wallboard [data-queue='support'] [data-figure='service-level'] .figure-note"))
                                .getText())
                        .isEqualTo("target 80 % within 20 s");
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * Asterisk restarts and Omniline logs in before app_queue is loaded (capture ami-11): the
     * wallboard says its figures are incomplete and why, until FullyBooted lets the queues be read.
     */
    @Test
    void anIncompleteLiveModelIsABannerOnTheWallboardUntilAsteriskHasBooted() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            asterisk.addQueue(
                    "support",
                    "rrmemory",
                    new QueueMemberState(
                            "support",
                            "Amy",
                            "PJSIP/1001",
                            "PJSIP/1001",
                            "static",
                            0,
                            0,
                            0,
                            0,
                            0,
                            false,
                            1,
                            false,
                            "",
                            false,
                            0));
            db.repositories()
                    .accounts()
                    .create("sue", new PasswordHasher(4).hash("supervisor-pw"), AccountRole.supervisor, null, "test");
            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "sue", "supervisor-pw");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                AmiScripts.awaitAmi(omniline);
                asterisk.cliReload("app_queue.so");
                By supportRow = By.cssSelector("#wallboard [data-queue='support']");
                wait.until(ExpectedConditions.presenceOfElementLocated(supportRow));
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("live-model")));

                asterisk.restart(Duration.ofMillis(300));
                wait.until(ExpectedConditions.textMatches(
                        By.id("live-model"),
                        Pattern.compile("These figures may be incomplete: Asterisk is not ready to list its queues"
                                + " and calls yet \\(it may be starting\\); asking again\\.")));
                assertThat(browser.findElement(By.id("live-model")).getText())
                        .as("Asterisk's own reply stays in the log")
                        .doesNotContain("Invalid/unknown command");
                assertThat(browser.findElements(supportRow))
                        .as("no stale queue shown as live")
                        .isEmpty();
                Pages.screenshot(browser, "wallboard-live-model-incomplete");

                asterisk.finishBoot();
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("live-model")));
                wait.until(ExpectedConditions.presenceOfElementLocated(supportRow));
                Pages.screenshot(browser, "wallboard-live-model-complete");
            } finally {
                browser.quit();
            }
        }
    }
}

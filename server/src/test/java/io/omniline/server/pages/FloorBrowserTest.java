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
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.ScriptedCalls;
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
 * The supervisor's floor in one browser and the agent's workspace in another: the agents table
 * follows the agent's state, the supervisor listens in through their own phone and pauses the
 * agent with a reason, and the agent's page says so at once; when Asterisk goes away the floor
 * says it in a banner instead of going blank.
 */
class FloorBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theSupervisorSeesTheAgentOnACallListensInAndPausesThemAndTheAgentIsToldAtOnce() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            PasswordHasher hasher = new PasswordHasher(4);
            long amy = db.repositories()
                    .agents()
                    .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                    .id();
            db.repositories().accounts().create("amy", hasher.hash("amy-password-1"), AccountRole.agent, amy, "test");
            db.repositories()
                    .accounts()
                    .create("sam", hasher.hash("supervisor-pw"), AccountRole.supervisor, null, "test");
            ChromeDriver supervisor = HeadlessChromium.start();
            ChromeDriver agent = HeadlessChromium.start();
            try {
                WebDriverWait floorWait = new WebDriverWait(supervisor, Duration.ofSeconds(15));
                WebDriverWait agentWait = new WebDriverWait(agent, Duration.ofSeconds(15));
                agent.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(agent, agentWait, "amy", "amy-password-1");
                agentWait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                supervisor.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(supervisor, floorWait, "sam", "supervisor-pw");
                floorWait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                AmiScripts.awaitAmi(omniline);

                By amyState = By.cssSelector("#floor tr[data-agent='" + amy + "'] td:nth-child(2)");
                floorWait.until(ExpectedConditions.textToBe(amyState, "Logged out of your queues"));
                agentWait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Logged out of your queues"));
                agent.findElement(By.id("queues-login")).click();
                agentWait.until(ExpectedConditions.textToBe(By.id("phone-result"), "Logged in to support"));
                agentWait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Available for calls"));
                floorWait.until(ExpectedConditions.textToBe(amyState, "Available for calls"));
                By serviceLevel = By.cssSelector("#wallboard tr[data-queue='support'] td:nth-child(7)");
                floorWait.until(ExpectedConditions.textToBe(serviceLevel, "—"));
                assertThat(supervisor.findElement(serviceLevel).getAttribute("title"))
                        .isEqualTo("No figure: no caller has been answered or given up in this queue today");
                assertThat(supervisor.findElement(By.id("phone-system")).getText())
                        .isEqualTo("Asterisk connected");
                Pages.screenshot(supervisor, "floor-nothing-answered-yet");
                Pages.screenshot(agent, "workspace-available");

                AsteriskAgiCall.of(
                                AgiEnvironment.call("1795455900.1", "15551234567", "100", "ivr"),
                                press("1"),
                                press("12345678#"),
                                press("2"))
                        .run(omniline.agiPort());
                List<byte[]> call = ScriptedCalls.answered("1795455900.1", "support", "PJSIP/1001", 1);
                call.subList(0, AmiScripts.indexOf(call, "Event: AgentComplete"))
                        .forEach(asterisk::emit);
                floorWait.until(ExpectedConditions.textToBe(amyState, "On a call"));
                agentWait.until(ExpectedConditions.textToBe(By.id("agent-status"), "On a call"));
                floorWait.until(ExpectedConditions.textMatches(
                        By.cssSelector("#floor tr[data-agent='" + amy + "'] td:nth-child(5)"),
                        Pattern.compile("call active")));
                // In hand, not waiting: the work list says since when it is answered.
                agentWait.until(ExpectedConditions.textMatches(
                        By.cssSelector("#conversation-list li[data-state='active'] .work-detail"),
                        Pattern.compile("on call · answered (just now|\\d+ min ago)")));
                Pages.screenshot(agent, "workspace-on-call");

                By listen = By.cssSelector("#floor tr[data-agent='" + amy + "'] button[data-action='listen']");
                Pages.click(floorWait, listen);
                floorWait.until(ExpectedConditions.textMatches(
                        By.id("supervise-result"), Pattern.compile("Type your phone first.*")));
                supervisor.findElement(By.id("supervisor-phone")).sendKeys("PJSIP/1003");
                Pages.click(floorWait, listen);
                floorWait.until(ExpectedConditions.textToBe(
                        By.id("supervise-result"), "Your phone PJSIP/1003 rings: answer to listen to Amy's call."));
                AmiPacket spy = AmiScripts.sent(asterisk, "Originate").getLast();
                assertThat(spy.get("Application")).contains("ChanSpy");
                assertThat(spy.get("Data").orElseThrow())
                        .startsWith("PJSIP/1001-")
                        .endsWith(",q");
                Pages.screenshot(supervisor, "floor-agent-on-call-listening");

                By pause = By.cssSelector("#floor tr[data-agent='" + amy + "'] button[data-action='pause']");

                Pages.click(floorWait, pause);
                floorWait.until(ExpectedConditions.textMatches(
                        By.id("supervise-result"), Pattern.compile("Type a reason first.*")));
                supervisor.findElement(By.id("supervise-reason")).sendKeys("coaching after this call");
                Pages.click(floorWait, pause);
                floorWait.until(ExpectedConditions.textToBe(
                        By.id("supervise-result"), "Amy is paused: coaching after this call. They were told."));
                agentWait.until(
                        ExpectedConditions.textToBe(By.id("agent-notice"), "sam paused you: coaching after this call"));
                // Still on the call, but paused in Asterisk: the way back is "Available", not another pause.
                agentWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("unpause")));
                assertThat(agent.findElement(By.id("pause")).isDisplayed()).isFalse();
                assertThat(agent.findElement(By.id("agent-status")).getText()).isEqualTo("On a call");
                assertThat(AmiScripts.sent(asterisk, "QueuePause").getLast().get("Reason"))
                        .contains("coaching after this call");
                Pages.screenshot(agent, "workspace-told-of-a-forced-pause");

                call.subList(AmiScripts.indexOf(call, "Event: AgentComplete"), call.size())
                        .forEach(asterisk::emit);
                // The scripted call's QueueMemberStatus is the capture's, of a member not paused (ami-04);
                // Asterisk's own would say Paused: 1 for Amy, as its QueueMemberPause did.
                asterisk.emit(AmiScripts.supportMember(
                        "QueueMemberPause", "Amy", "PJSIP/1001", true, "coaching after this call"));
                agentWait.until(
                        ExpectedConditions.textToBe(By.id("agent-status"), "Wrap-up: save the call's disposition"));
                agent.findElement(By.cssSelector("#wrap-up button")).click();
                agentWait.until(ExpectedConditions.textToBe(By.id("wrap-up-result"), "Saved: Resolved"));
                // Right after the save, not at the next poll: the state line leaves wrap-up.
                agentWait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Paused: coaching after this call"));
                agent.navigate().refresh();
                agentWait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Paused: coaching after this call"));
                floorWait.until(ExpectedConditions.textToBe(amyState, "Paused: coaching after this call"));
                Pages.screenshot(supervisor, "floor-agent-paused");

                asterisk.close();
                floorWait.until(ExpectedConditions.textToBe(
                        By.id("live-model"),
                        "These figures may be incomplete: not connected to Asterisk; Omniline keeps trying to connect."
                                + " The queue figures below are the last ones seen, not live."));
                By amyPill = By.cssSelector("#floor tr[data-agent='" + amy + "'] td:nth-child(2) .status-pill");
                floorWait.until(ExpectedConditions.textToBe(amyPill, "Not known — Asterisk not connected"));
                assertThat(supervisor.findElement(amyPill).getAttribute("title"))
                        .isEqualTo("Phone state unknown: not connected to Asterisk; Omniline keeps trying to connect");
                // What was seen before Asterisk was lost, greyed, with how long ago.
                assertThat(supervisor
                                .findElement(By.cssSelector(
                                        "#floor tr[data-agent='" + amy + "'] td:nth-child(2) .last-known"))
                                .getText())
                        .isEqualTo("Last known: Paused: coaching after this call, under a minute ago");
                // Nothing on the floor contradicts the banner: no "Connected" to Asterisk, no stale "paused".
                assertThat(supervisor.findElement(By.id("phone-system")).getText())
                        .isEqualTo("Asterisk figures not live");
                assertThat(supervisor.findElement(By.id("wallboard")).getAttribute("class"))
                        .contains("stale");
                assertThat(supervisor.findElement(By.id("supervise-result")).getText())
                        .isEmpty();
                assertThat(supervisor
                                .findElement(By.cssSelector(
                                        "#floor tr[data-agent='" + amy + "'] button[data-action='pause']"))
                                .isEnabled())
                        .isFalse();
                assertThat(supervisor.findElement(By.tagName("body")).getText())
                        .doesNotContain("java.")
                        .doesNotContain("Exception");
                Pages.screenshot(supervisor, "floor-asterisk-not-connected");
            } finally {
                supervisor.quit();
                agent.quit();
            }
        }
    }
}

package io.omniline.server.pages;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.ChatClient;
import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.PasswordHasher;
import io.omniline.server.supervisor.AgentDayFixture;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
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
                floorWait.until(ExpectedConditions.textToBe(amyState, "Logged out"));
                agentWait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Logged out of your queues"));
                agent.findElement(By.id("queues-login")).click();
                agentWait.until(ExpectedConditions.textToBe(By.id("phone-result"), "Logged in to support"));
                agentWait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Available for calls"));
                floorWait.until(ExpectedConditions.textToBe(amyState, "Available"));
                By serviceLevel = By.cssSelector("#wallboard [data-queue='support'] [data-figure='service-level']");
                floorWait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#wallboard [data-queue='support'] [data-figure='service-level'] dd"), "—"));
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
                        Pattern.compile("Phone call in progress")));
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
                                + " The call figures below are the last ones seen, not live."));
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

    /**
     * The wallboard as tiles: a waiting caller and the queue's agents by state on the phone queue's
     * tile, a web chat waiting on its own queue's tile, which turns red when the chat has waited past
     * a minute; with Asterisk gone the banner shows above the tiles and the chats stay live.
     */
    @Test
    void aChatWaitingShowsOnItsQueuesTileWhichTurnsRedOnceItWaitsPastItsThreshold() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS);
                ChatClient visitor = ChatClient.connect(omniline.chatPort().orElseThrow())) {
            db.repositories().agents().create("cal", "Cal", "PJSIP/1021", Map.of(), Map.of("support", 0), "test");
            db.repositories()
                    .agents()
                    .create("bo", "Bo", "PJSIP/1022", Map.of(), Map.of("support", 0, "chat", 0), "test");
            db.repositories()
                    .accounts()
                    .create("tia", new PasswordHasher(4).hash("supervisor-pw"), AccountRole.supervisor, null, "test");
            ChromeDriver supervisor = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(supervisor, Duration.ofSeconds(15));
                supervisor.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(supervisor, wait, "tia", "supervisor-pw");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                AmiScripts.awaitAmi(omniline);
                asterisk.emit(AmiScripts.supportMember("QueueMemberAdded", "Cal", "PJSIP/1021", false, ""));
                asterisk.emit(AmiScripts.supportMember("QueueMemberAdded", "Bo", "PJSIP/1022", true, "lunch"));
                String support = "#wallboard [data-queue='support'] ";
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector(support + "[data-figure='agents'] [data-status='available']"), "Available: 1"));
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector(support + "[data-figure='agents'] [data-status='paused']"), "Paused: 1"));
                AsteriskAgiCall.of(
                                AgiEnvironment.call("1795455990.1", "15551234567", "100", "ivr"),
                                press("1"),
                                press("12345678#"),
                                press("2"))
                        .run(omniline.agiPort());
                List<byte[]> call = ScriptedCalls.answered("1795455990.1", "support", "PJSIP/1021", 1);
                call.subList(0, AmiScripts.indexOf(call, "Event: AgentCalled")).forEach(asterisk::emit);
                wait.until(ExpectedConditions.textToBe(By.cssSelector(support + "[data-figure='waiting'] dd"), "1"));

                visitor.hello(null, "Ola", null, null);
                visitor.next("welcome");
                visitor.say("m1", "Is my parcel on its way?");
                visitor.next("ack");
                String chat = "#wallboard [data-queue='chat'] ";
                wait.until(ExpectedConditions.textToBe(By.cssSelector(chat + "tr[data-channel='chat'] .waiting"), "1"));
                assertThat(Pages.text(wait, By.cssSelector(chat + "tr[data-channel='chat'] th")))
                        .isEqualTo("Web chat");
                assertThat(Pages.attribute(wait, By.cssSelector(chat), "data-level"))
                        .isEqualTo("ok");
                assertThat(Pages.text(wait, By.cssSelector(support + "tr[data-channel='chat'] .waiting")))
                        .as("the chat waits in its own queue, not in support")
                        .isEqualTo("0");
                Pages.screenshotAtEachSize(supervisor, "floor-tiles");

                // The visitor has waited two minutes: past the minute a web chat may wait.
                db.dsl()
                        .execute("UPDATE interaction SET queued_at = queued_at - interval '2 minutes'"
                                + " WHERE channel = 'chat' AND state = 'queued'");
                wait.until(ExpectedConditions.attributeToBe(By.cssSelector(chat), "data-level", "alarm"));
                assertThat(Pages.attribute(wait, By.cssSelector(chat + "tr[data-channel='chat']"), "data-level"))
                        .isEqualTo("alarm");
                assertThat(Pages.text(wait, By.cssSelector(chat + "tr[data-channel='chat'] .longest-wait")))
                        .as("two minutes, and however long the page took under load")
                        .matches("2:[0-5]\\d · too long");
                assertThat(Pages.text(wait, By.cssSelector(chat + ".tile-alert")))
                        .isEqualTo("Needs attention");
                Pages.screenshotAtEachSize(supervisor, "floor-tile-alarm");
                assertThat(Axe.serious(supervisor, "floor-tiles")).isEmpty();

                asterisk.close();
                wait.until(ExpectedConditions.textMatches(
                        By.id("live-model"),
                        Pattern.compile("These figures may be incomplete: not connected to Asterisk.*"
                                + " The call figures below are the last ones seen, not live\\.")));
                // Never blank: the calls' tile stays, greyed; the chats, from the database, stay live.
                assertThat(Pages.attribute(wait, By.id("wallboard"), "class")).contains("stale");
                assertThat(Pages.text(wait, By.cssSelector(support + "[data-figure='waiting'] dd")))
                        .isEqualTo("1");
                assertThat(Pages.attribute(wait, By.cssSelector(chat), "data-level"))
                        .isEqualTo("alarm");
                Pages.screenshotAtEachSize(supervisor, "floor-tiles-asterisk-not-connected");
            } finally {
                supervisor.quit();
            }
        }
    }

    /**
     * A click on an agent's name, or Enter on it, opens the agent: where they are now and their day
     * from the stored state log, on the floor's test clock (2026-11-18, 11:00 in New York), in the
     * contact center's time zone whatever the browser's.
     */
    @Test
    void anAgentsNameOpensTheirWorkAndTodaysStatesInTheContactCentersTimeZone() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withTimeZone(
                                TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                                AgentDayFixture.ZONE),
                        TestConfigs.OPENING_HOURS,
                        TestConfigs.OPENING_HOURS)) {
            long ola = db.repositories()
                    .agents()
                    .create("ola", "Ola", "PJSIP/1011", Map.of(), Map.of("support", 0), "test")
                    .id();
            AgentDayFixture.seed(db, ola);
            db.repositories()
                    .accounts()
                    .create("sue", new PasswordHasher(4).hash("supervisor-pw"), AccountRole.supervisor, null, "test");
            ChromeDriver supervisor = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(supervisor, Duration.ofSeconds(15));
                supervisor.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(supervisor, wait, "sue", "supervisor-pw");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                AmiScripts.awaitAmi(omniline);
                asterisk.emit(AmiScripts.supportMember("QueueMemberAdded", "Ola", "PJSIP/1011", false, ""));
                String row = "#floor tr[data-agent='" + ola + "'] ";
                wait.until(ExpectedConditions.textToBe(By.cssSelector(row + "td:nth-child(2)"), "Available"));

                Pages.click(wait, By.cssSelector(row + ".agent-open"));
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-day")));
                By states = By.cssSelector("#agent-day-states li");
                wait.until(ExpectedConditions.numberOfElementsToBe(states, 9));
                assertThat(supervisor.findElements(states).stream()
                                .map(item -> item.getAttribute("data-state"))
                                .toList())
                        .containsExactly(
                                "logged-out",
                                "logged-in",
                                "available",
                                "ringing",
                                "on-call",
                                "wrap-up",
                                "available",
                                "paused",
                                "available");
                List<WebElement> items = supervisor.findElements(states);
                assertThat(items.getFirst()
                                .findElement(By.className("day-time"))
                                .getText())
                        .as("logged out since the evening before: from the day's midnight in New York")
                        .isEqualTo("12:00 AM – 8:00 AM");
                assertThat(items.get(7).findElement(By.className("day-name")).getText())
                        .isEqualTo("Paused: training");
                assertThat(items.get(7).findElement(By.className("day-time")).getText())
                        .isEqualTo("9:30 AM – 10:00 AM");
                assertThat(items.getLast().findElement(By.className("day-time")).getText())
                        .isEqualTo("10:00 AM – now");
                assertThat(supervisor.findElement(By.id("agent-day-figures")).getText())
                        .isEqualTo("Handled 1 · average handle time 11:50");
                assertThat(supervisor.findElement(By.id("agent-day-heading")).getText())
                        .isEqualTo("Their day, Wednesday, November 18");
                assertThat(supervisor.findElement(By.id("agent-day-state")).getText())
                        .isEqualTo("Available");
                // The moment logged in takes no width: eight segments on the bar.
                assertThat(supervisor.findElements(By.cssSelector("#agent-day-bar .day-segment")))
                        .hasSize(8);
                Pages.screenshotAtEachSize(supervisor, "floor-agent-day");
                assertThat(Axe.serious(supervisor, "floor-agent-day")).isEmpty();

                supervisor.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("agent-day")));
                wait.until(driver -> ((JavascriptExecutor) driver)
                        .executeScript(
                                "return document.activeElement.classList.contains('agent-open')"
                                        + " && document.activeElement.closest('tr').dataset.agent === arguments[0]",
                                String.valueOf(ola))
                        .equals(true));
                supervisor.switchTo().activeElement().sendKeys(Keys.ENTER);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-day")));
                wait.until(ExpectedConditions.numberOfElementsToBe(states, 9));
            } finally {
                supervisor.quit();
            }
        }
    }
}

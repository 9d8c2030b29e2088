package io.omniline.server.pages;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.NewMessage;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.PasswordHasher;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.ScriptedCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The agent desktop in headless Chromium, driven by the Asterisk simulator. */
class DesktopBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String CHAT_LINE = "<script>window.pwned = 1</script>My router keeps rebooting";

    @Test
    void aCustomerWhoChattedEarlierCallsAndTheAgentSeesTheChatWhileItRingsThenTheCallThenWrapUp() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            long amy = db.repositories()
                    .agents()
                    .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                    .id();
            db.repositories()
                    .accounts()
                    .create("amy", new PasswordHasher(4).hash("amy-password-1"), AccountRole.agent, amy, "test");
            long alice = db.repositories()
                    .customers()
                    .create(
                            "<b>Alice</b> Example",
                            Map.of("vip", true),
                            List.of(new IdentityNormalizer("US").phone("15551234567")))
                    .id();
            long chat = db.repositories()
                    .interactions()
                    .open(NewInteraction.inboundMessage(Channel.chat, "earlier-chat", alice, null))
                    .id();
            db.repositories().messages().append(NewMessage.fromCustomer(chat, CHAT_LINE, "c1"));

            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "amy", "wrong password");
                wait.until(ExpectedConditions.textToBe(By.id("login-error"), "wrong login or password"));
                Pages.signIn(browser, wait, "amy", "amy-password-1");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                AmiScripts.awaitAmi(omniline);
                wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Logged out of your queues"));
                assertThat(shownQueueActions(browser)).containsExactly("queues-login");
                browser.findElement(By.id("queues-login")).click();
                wait.until(ExpectedConditions.textToBe(By.id("phone-result"), "Logged in to support"));
                assertThat(asterisk.actionsReceived()).contains("QueueAdd");
                // Asterisk's QueueMemberAdded makes the state true; only the actions of that state remain.
                wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Available for calls"));
                assertThat(shownQueueActions(browser)).containsExactly("queues-logout", "pause-reason", "pause");
                browser.findElement(By.id("pause")).click();
                wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Paused: break"));
                assertThat(shownQueueActions(browser)).containsExactly("queues-logout", "unpause");
                assertThat(browser.executeScript("return document.activeElement.id"))
                        .as("the keyboard stays in the state card when the pressed button goes away")
                        .isEqualTo("unpause");
                browser.navigate().refresh();
                wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Paused: break"));
                assertThat(shownQueueActions(browser))
                        .as("after a reload too")
                        .containsExactly("queues-logout", "unpause");
                Pages.screenshot(browser, "desktop-paused-offers-available");
                browser.findElement(By.id("unpause")).click();
                wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Available for calls"));
                assertThat(shownQueueActions(browser)).containsExactly("queues-logout", "pause-reason", "pause");

                AsteriskAgiCall.of(
                                AgiEnvironment.call("1795455816.1", "15551234567", "100", "ivr"),
                                press("1"),
                                press("12345678#"),
                                press("2"))
                        .run(omniline.agiPort());
                List<byte[]> call = ScriptedCalls.answered("1795455816.1", "support", "PJSIP/1001", 1);
                int ringing = AmiScripts.indexOf(call, "Event: AgentCalled");
                call.subList(0, ringing + 1).forEach(asterisk::emit);

                wait.until(ExpectedConditions.textToBe(By.id("call-state"), "ringing"));
                // A queue call ringing proves the membership, even before a member event says it.
                wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Ringing"));
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#last-chat li"), 1));
                assertThat(browser.findElement(By.id("last-chat-empty")).isDisplayed())
                        .isFalse();
                assertThat(browser.findElement(By.id("customer-name")).getText())
                        .isEqualTo("<b>Alice</b> Example");
                assertThat(browser.findElement(By.id("customer-vip")).isDisplayed())
                        .isTrue();
                assertThat(browser.findElement(By.cssSelector("#last-chat li")).getText())
                        .isEqualTo("Customer: " + CHAT_LINE);
                assertThat(browser.findElements(By.cssSelector("#ivr-path li"))).isNotEmpty();
                assertThat(browser.findElement(By.id("identified-by")).getText())
                        .startsWith("Identified by caller ID");
                assertThat(browser.executeScript("return window.pwned === undefined"))
                        .isEqualTo(true);
                HeadlessChromium.screenshot(browser, "desk-call-pop-identified-by-caller-id");

                call.subList(ringing + 1, call.size()).forEach(asterisk::emit);
                wait.until(ExpectedConditions.textToBe(By.id("call-state"), "wrap-up"));
                new Select(browser.findElement(By.cssSelector("#wrap-up [name='disposition']")))
                        .selectByValue("follow-up");
                browser.findElement(By.cssSelector("#wrap-up [name='notes']")).sendKeys("Replace the router");
                browser.findElement(By.cssSelector("#wrap-up button")).click();
                wait.until(ExpectedConditions.textToBe(By.id("wrap-up-result"), "Saved: Needs follow-up"));
                assertThat(browser.findElement(By.id("wrap-up")).isDisplayed())
                        .as("nothing left to save")
                        .isFalse();

                Interaction ended = db.repositories()
                        .interactions()
                        .findByExternalId(Channel.voice, "1795455816.1")
                        .orElseThrow();
                assertThat(ended.state()).isEqualTo(InteractionState.ended);
                assertThat(ended.disposition()).isEqualTo("follow-up");
                assertThat(ended.notes()).isEqualTo("Replace the router");
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * A ring the agent lets pass goes back to the queue, rings again, and then the caller hangs
     * up (capture ami-06): the desktop stops saying "ringing" at each end and says how it ended.
     */
    @Test
    void aRingThatEndsWithoutTheAgentAnsweringSaysHowAndStopsShowingRinging() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            long cal = db.repositories()
                    .agents()
                    .create("cal", "Cal", "PJSIP/1005", Map.of(), Map.of("support", 0), "test")
                    .id();
            db.repositories()
                    .accounts()
                    .create("cal", new PasswordHasher(4).hash("cal-password-1"), AccountRole.agent, cal, "test");
            long carla = db.repositories()
                    .customers()
                    .create("Carla Diaz", Map.of(), List.of(new IdentityNormalizer("US").phone("15557654321")))
                    .id();
            Interaction earlier = db.repositories()
                    .interactions()
                    .open(NewInteraction.inboundCall("1795455700.1", "1795455700.1", carla, "15557654321"));
            db.repositories().interactions().end(earlier.id(), InteractionOutcome.abandoned_in_queue);
            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "cal", "cal-password-1");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                AmiScripts.awaitAmi(omniline);
                AsteriskAgiCall.of(
                                AgiEnvironment.call("1795455777.3", "15557654321", "100", "ivr"),
                                press("1"),
                                press("12345678#"),
                                press("2"))
                        .run(omniline.agiPort());
                List<byte[]> call = ScriptedCalls.abandoned("1795455777.3", "support", "PJSIP/1005", 3);
                int firstRing = AmiScripts.indexOf(call, "Event: AgentCalled");
                int noAnswer = AmiScripts.indexOf(call, "Event: AgentRingNoAnswer");
                int secondRing =
                        noAnswer + AmiScripts.indexOf(call.subList(noAnswer, call.size()), "Event: AgentCalled");

                call.subList(0, firstRing + 1).forEach(asterisk::emit);
                wait.until(ExpectedConditions.textToBe(By.id("call-state"), "ringing"));
                wait.until(ExpectedConditions.textToBe(By.id("customer-name"), "Carla Diaz"));
                long ringingCall = db.repositories()
                        .interactions()
                        .findByExternalId(Channel.voice, "1795455777.3")
                        .orElseThrow()
                        .id();
                // The call ringing is the call above, never a stale "queued" line of her history.
                assertThat(browser.findElements(By.cssSelector("#recent button")))
                        .extracting(button -> button.getAttribute("data-interaction"))
                        .containsExactly(String.valueOf(earlier.id()));
                assertThat(browser.findElement(By.cssSelector("#recent button")).getText())
                        .as("the channel and the time in words, not the stored code and ISO text")
                        .startsWith("Phone call · ")
                        .doesNotContain("voice")
                        .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}")
                        .endsWith(" · caller hung up while waiting");
                assertThat(browser.findElement(By.id("recent-empty")).isDisplayed())
                        .isFalse();
                assertThat(browser.findElement(By.id("last-chat-empty")).getText())
                        .isEqualTo("No chat with this customer yet.");
                Pages.screenshot(browser, "desktop-ringing");
                call.subList(firstRing + 1, noAnswer + 1).forEach(asterisk::emit);
                wait.until(ExpectedConditions.textToBe(By.id("call-state"), "missed — not answered in time"));
                assertThat(browser.findElements(
                                By.cssSelector("#recent button[data-interaction='" + ringingCall + "']")))
                        .as("the missed call is not in her recent contacts while it is the call on screen")
                        .isEmpty();
                Pages.screenshot(browser, "desktop-ring-no-answer");

                call.subList(noAnswer + 1, secondRing + 1).forEach(asterisk::emit);
                wait.until(ExpectedConditions.textToBe(By.id("call-state"), "ringing"));
                call.subList(secondRing + 1, call.size()).forEach(asterisk::emit);
                wait.until(
                        ExpectedConditions.textToBe(By.id("call-state"), "ended — the caller hung up while it rang"));
                // No AgentRingNoAnswer follows a caller's hang-up (ami-06): the state line stops ringing all the same.
                wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Available for calls"));
                Pages.screenshot(browser, "desktop-ring-caller-abandoned");
                assertThat(browser.findElement(By.id("wrap-up")).isDisplayed()).isFalse();
            } finally {
                browser.quit();
            }
        }
    }

    /** Without AMI, the agent and the admin are told in words, never the name of a setting. */
    @Test
    void withoutAPhoneSystemTheAgentAndTheAdminAreToldInWords() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()), TestConfigs.OPENING_HOURS)) {
            PasswordHasher hasher = new PasswordHasher(4);
            long eve = db.repositories()
                    .agents()
                    .create("eve", "Eve", "PJSIP/1007", Map.of(), Map.of("support", 0), "test")
                    .id();
            db.repositories().accounts().create("eve", hasher.hash("eve-password-1"), AccountRole.agent, eve, "test");
            db.repositories()
                    .accounts()
                    .create("ada", hasher.hash("admin-password-1"), AccountRole.admin, null, "test");
            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "eve", "eve-password-1");
                wait.until(ExpectedConditions.textToBe(
                        By.id("agent-status"),
                        "Phone state unknown: Omniline is not connected to a phone system"
                                + " (the connection to Asterisk is turned off in its settings)"));
                // Nothing Asterisk would have to hear is offered, and why is said once, in the state line.
                assertThat(shownQueueActions(browser)).isEmpty();
                assertThat(browser.findElement(By.id("desktop")).getText())
                        .doesNotContain("ami.enabled")
                        .containsOnlyOnce("not connected to a phone system");
                Pages.screenshot(browser, "desktop-no-phone-system");

                browser.findElement(By.id("logout")).click();
                Pages.signIn(browser, wait, "ada", "admin-password-1");
                wait.until(ExpectedConditions.textToBe(
                        By.id("live-model"),
                        "These figures may be incomplete: Omniline is not connected to a phone system"
                                + " (the connection to Asterisk is turned off in its settings)."));
                wait.until(ExpectedConditions.textToBe(By.id("phone-system"), "Asterisk figures not live"));
                assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("ami.enabled");
                Pages.screenshot(browser, "admin-no-phone-system");
            } finally {
                browser.quit();
            }
        }
    }

    /** The state card's queue actions on screen, in page order. */
    private static List<String> shownQueueActions(ChromeDriver browser) {
        return browser.findElements(By.cssSelector("#phone button, #phone select")).stream()
                .filter(element -> element.isDisplayed())
                .map(element -> element.getAttribute("id"))
                .toList();
    }

    @Test
    void aDesktopThatLosesItsSocketMidCallSaysSoAndComesBackToTheCallInItsCurrentState() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"))) {
            OmnilineConfig config = TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port());
            Omniline first = Omniline.start(config, TestConfigs.OPENING_HOURS);
            long bea = db.repositories()
                    .agents()
                    .create("bea", "Bea", "PJSIP/1003", Map.of(), Map.of("support", 0), "test")
                    .id();
            db.repositories()
                    .accounts()
                    .create("bea", new PasswordHasher(4).hash("bea-password-1"), AccountRole.agent, bea, "test");
            ChromeDriver browser = HeadlessChromium.start();
            Omniline second = null;
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get("http://127.0.0.1:" + first.httpPort() + "/");
                Pages.signIn(browser, wait, "bea", "bea-password-1");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                AsteriskAgiCall.of(
                                AgiEnvironment.call("1795455999.4", "15559870000", "100", "ivr"),
                                press("1"),
                                press("12345678#"),
                                press("2"))
                        .run(first.agiPort());
                AmiScripts.awaitAmi(first);
                List<byte[]> call = ScriptedCalls.answered("1795455999.4", "support", "PJSIP/1003", 2);
                int connected = AmiScripts.indexOf(call, "Event: AgentConnect");
                call.subList(0, connected + 1).forEach(asterisk::emit);
                wait.until(ExpectedConditions.textToBe(By.id("call-state"), "on call"));

                int port = first.httpPort();
                first.close();
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Disconnected — reconnecting…"));

                second = Omniline.start(
                        new OmnilineConfig(
                                new OmnilineConfig.Http("127.0.0.1", port),
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
                                config.reports()),
                        TestConfigs.OPENING_HOURS);
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                browser.navigate().refresh();
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                wait.until(ExpectedConditions.textToBe(By.id("call-state"), "on call"));
                assertThat(browser.findElements(By.cssSelector("#ivr-path li"))).isNotEmpty();

                // An unknown caller says who they are: the agent finds them and links the call after checking.
                long bruno = db.repositories()
                        .customers()
                        .create(
                                "Bruno Costa",
                                Map.of(),
                                List.of(new IdentityNormalizer("US").email("bruno@example.com")))
                        .id();
                assertThat(browser.findElement(By.id("unknown-caller")).isDisplayed())
                        .isTrue();
                assertThat(browser.findElement(By.id("recent-empty")).getText()).isEqualTo("No earlier contacts.");
                assertThat(browser.findElement(By.id("last-chat-empty")).getText())
                        .isEqualTo("No chat with this customer yet.");
                browser.findElement(By.cssSelector("#unknown-caller input[name='query']"))
                        .sendKeys("bruno@example.com");
                browser.findElement(By.id("find-caller")).click();
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#caller-matches li span"),
                        "Bruno Costa · email b•••@example.com (matched by email)"));
                HeadlessChromium.screenshot(browser, "desk-call-unknown-caller-search");
                browser.findElement(By.cssSelector("#caller-matches li button")).click();
                wait.until(ExpectedConditions.textToBe(By.id("customer-name"), "Bruno Costa"));
                assertThat(browser.findElement(By.id("identified-by")).getText())
                        .isEqualTo("Identified by agent bea, after checking");
                assertThat(browser.findElement(By.id("unknown-caller")).isDisplayed())
                        .isFalse();
                assertThat(browser.findElement(By.id("call-state")).getText()).isEqualTo("on call");
                HeadlessChromium.screenshot(browser, "desk-call-linked-after-checking");
                assertThat(db.repositories()
                                .interactions()
                                .findByExternalId(Channel.voice, "1795455999.4")
                                .orElseThrow()
                                .customerId())
                        .isEqualTo(bruno);

                AmiScripts.awaitAmi(second);
                call.subList(connected + 1, call.size()).forEach(asterisk::emit);
                wait.until(ExpectedConditions.textToBe(By.id("call-state"), "wrap-up"));
            } finally {
                browser.quit();
                if (second != null) {
                    second.close();
                }
            }
        }
    }
}

package io.omniline.server.softphone;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.server.pages.Pages;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.ScriptedCalls;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The softphone in the agent desktop: real JsSIP in headless Chromium (fake microphone), signed in
 * as an agent whose phone is the softphone, registering to a SIP-over-WebSocket peer that acts as
 * Asterisk's PJSIP. What the page shows is checked against what went over the wire. Each test
 * also leaves screenshots of the phone panel in target/screenshots.
 */
class SoftphoneBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String FAKE_MEDIA = "--use-fake-device-for-media-stream";
    private static final String ALLOW_MEDIA = "--use-fake-ui-for-media-stream";
    private static final String RING_ALOUD = "--autoplay-policy=no-user-gesture-required";
    /**
     * Stands in for the browser's desktop notifications, which headless Chromium cannot show, and
     * keeps the page's peer connections within reach, to look at what the microphone sends.
     */
    private static final String BROWSER_SPIES = """
            (function () {
              var Real = window.RTCPeerConnection;
              window.peerConnections = [];
              window.RTCPeerConnection = function (config) {
                var connection = new Real(config);
                window.peerConnections.push(connection);
                return connection;
              };
              window.RTCPeerConnection.prototype = Real.prototype;
              var shown = [];
              function Spy(title, options) { this.title = title; this.body = options && options.body; this.closed = false; shown.push(this); }
              Spy.permission = sessionStorage.getItem("spyPermission") || "default";
              window.notificationRequests = 0;
              Spy.requestPermission = function () {
                window.notificationRequests++;
                Spy.permission = "granted";
                sessionStorage.setItem("spyPermission", "granted");
                return Promise.resolve("granted");
              };
              Spy.prototype.close = function () { this.closed = true; };
              window.Notification = Spy;
              window.shownNotifications = shown;
            })();
            """;

    private static final String MICROPHONE_SENDS = "return window.peerConnections.at(-1).getSenders()[0].track.enabled";

    private static SipOverWebSocketPeer asterisk;
    private static AmiSimulator ami;
    private static Omniline omniline;
    private static ApiClient admin;
    private ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        asterisk = new SipOverWebSocketPeer(Map.of(
                "2001",
                "sip-2001-secret",
                "2002",
                "sip-2002-secret",
                "2003",
                "sip-2003-secret",
                "2004",
                "sip-2004-secret",
                "2005",
                "sip-2005-secret",
                "2006",
                "what-asterisk-holds",
                "2007",
                "sip-2007-secret",
                "2009",
                "sip-2009-secret"));
        ami = new AmiSimulator(Map.of("omniline", "omniline"));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        OmnilineConfig base = TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), ami.port());
        omniline = Omniline.start(
                new OmnilineConfig(
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
                        new OmnilineConfig.Softphone(
                                asterisk.url(),
                                SipOverWebSocketPeer.DOMAIN,
                                "",
                                Base64.getEncoder().encodeToString(key)),
                        base.reports()),
                TestConfigs.OPENING_HOURS);
        admin = ApiClient.admin(omniline);
        AmiScripts.awaitAmi(omniline);
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
        ami.close();
        asterisk.close();
    }

    @Test
    void theSoftphoneRegistersAndSaysCallsRingInThePage() throws Exception {
        agent("ada", "2001", "sip-2001-secret");
        ChromeDriver browser = browser(FAKE_MEDIA, ALLOW_MEDIA);
        WebDriverWait wait = signIn(browser, "ada");
        asterisk.awaitRegistered("2001");
        wait.until(ExpectedConditions.textToBe(By.id("phone-status"), "Ready: calls ring in this page"));
        assertThat(text(browser, "phone-which")).isEqualTo("Your phone is this page: the softphone, extension 2001.");
        assertThat(browser.findElement(By.id("phone-dial")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("transfer")).getAttribute("hidden"))
                .as("the softphone transfers itself")
                .isEqualTo("true");
        SipMessage register = asterisk.awaitFromBrowser(
                "an authorized REGISTER",
                message -> message.isRequest()
                        && message.method().equals("REGISTER")
                        && message.header("Authorization") != null);
        assertThat(register.header("Authorization")).contains("username=\"2001\"", "realm=\"asterisk\"");
        assertThat(register.header("From")).contains("sip:2001@127.0.0.1");
        screenshot(browser, "registered");

        browser.findElement(By.cssSelector(".phone-settings summary")).click();
        Select microphones = new Select(browser.findElement(By.id("phone-input")));
        assertThat(microphones.getOptions())
                .extracting(WebElement::getText)
                .first()
                .isEqualTo("Default microphone");
        assertThat(microphones.getOptions()).as("Chromium's fake microphones").hasSizeGreaterThan(1);
        assertThat(browser.findElement(By.id("phone-output")).isEnabled())
                .as("setSinkId")
                .isTrue();
        String chosen = microphones.getOptions().getLast().getAttribute("value");
        microphones.selectByValue(chosen);
        browser.findElement(By.id("phone-alerts-on")).click();
        wait.until(ExpectedConditions.textToBe(
                By.id("phone-alerts"),
                "Desktop alerts are on: a ringing call shows one even when this page is hidden."));
        assertThat(browser.findElement(By.id("phone-alerts-on")).isDisplayed()).isFalse();
        screenshot(browser, "audio-and-alerts");

        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("phone-status"), "Ready: calls ring in this page"));
        assertThat(new Select(browser.findElement(By.id("phone-input")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .as("the microphone chosen before the reload")
                .isEqualTo(chosen);
        assertThat(browser.executeScript("return window.notificationRequests"))
                .as("permission asked once")
                .isEqualTo(0L);
        assertThat(browser.findElement(By.id("phone-alerts-on")).isDisplayed()).isFalse();

        browser.findElement(By.id("logout")).click();
        asterisk.awaitFromBrowser(
                "the REGISTER that ends the registration at sign-out",
                message -> message.isRequest()
                        && message.method().equals("REGISTER")
                        && message.header("From").contains("sip:2001@")
                        && message.header("Contact").contains("expires=0"));
    }

    @Test
    void aPasswordThePhoneSystemRefusesIsSaidInWordsAndNotRetriedForever() throws Exception {
        agent("fay", "2006", "a-stale-password-2006");
        ChromeDriver browser = browser(FAKE_MEDIA, ALLOW_MEDIA);
        WebDriverWait wait = signIn(browser, "fay");
        wait.until(ExpectedConditions.textToBe(By.id("phone-status"), "Not connected"));
        assertThat(text(browser, "phone-problem"))
                .isEqualTo("The phone system refused the SIP password of extension 2006. Ask an admin to check it. "
                        + "Until then, no call can ring here.");
        assertThat(browser.findElement(By.id("phone-retry")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("phone-dial")).isDisplayed()).isFalse();
        long registers = asterisk.exchanges().stream()
                .filter(e -> e.fromBrowser()
                        && e.message().isRequest()
                        && e.message().method().equals("REGISTER")
                        && e.message().header("From").contains("sip:2006@"))
                .count();
        assertThat(registers)
                .as("one REGISTER, one answer to the challenge, then it stops")
                .isEqualTo(2);
        screenshot(browser, "registration-refused");
    }

    @Test
    void aBlockedMicrophoneIsSaidInWordsAndTheSoftphoneDoesNotRegister() throws Exception {
        agent("gus", "2007", "sip-2007-secret");
        ChromeDriver browser = browser(FAKE_MEDIA);
        browser.setPermission("microphone", "denied");
        WebDriverWait wait = signIn(browser, "gus");
        wait.until(ExpectedConditions.textToBe(By.id("phone-status"), "Not connected"));
        assertThat(text(browser, "phone-problem")).startsWith("The browser blocks the microphone for this page.");
        assertThat(asterisk.exchanges())
                .noneMatch(e -> e.fromBrowser()
                        && e.message().isRequest()
                        && e.message().header("From").contains("sip:2007@"));
        screenshot(browser, "microphone-blocked");
    }

    @Test
    void anAgentWithADeskPhoneIsToldWhichPhoneRings() throws Exception {
        admin.call("POST", "/api/agents", """
                {"login": "hal", "displayName": "Hal", "sipInterface": "PJSIP/2008", "queues": {"support": 0},
                 "password": "hal-password-1"}""", 201);
        ChromeDriver browser = browser(FAKE_MEDIA, ALLOW_MEDIA);
        WebDriverWait wait = signIn(browser, "hal");
        wait.until(ExpectedConditions.textToBe(By.id("phone-status"), "Desk phone"));
        assertThat(text(browser, "phone-which"))
                .isEqualTo("Your desk phone (PJSIP/2008) rings for your calls; answer and hang up there.");
        assertThat(browser.findElement(By.id("transfer")).getAttribute("hidden"))
                .as("the desk phone's transfer form (AMI)")
                .isNull();
        screenshot(browser, "desk-phone");
    }

    @Test
    void aQueueCallRingsWithItsPopIsAnsweredHeldResumedMutedGetsDigitsAndHangsUp() throws Exception {
        agent("amy", "2002", "sip-2002-secret");
        db.repositories()
                .customers()
                .create("Alice Example", Map.of(), List.of(new IdentityNormalizer("US").phone("15551234567")));
        ChromeDriver browser = browser(FAKE_MEDIA, ALLOW_MEDIA, RING_ALOUD);
        WebDriverWait wait = signIn(browser, "amy");
        asterisk.awaitRegistered("2002");
        wait.until(ExpectedConditions.textToBe(By.id("phone-status"), "Ready: calls ring in this page"));
        browser.findElement(By.cssSelector(".phone-settings summary")).click();
        browser.findElement(By.id("phone-alerts-on")).click();
        browser.findElement(By.cssSelector(".phone-settings summary")).click();
        QueueCall queueCall = popFor("1795460001.1", "15551234567", "PJSIP/2002", 1);
        long interactionId = queueCall.interactionId();
        wait.until(ExpectedConditions.textToBe(By.id("call-state"), "ringing"));

        SipOverWebSocketPeer.Dialog call = asterisk.ring("2002", "15551234567", "ALICE EX", interactionId);
        call.awaitRinging();
        WebElement ringing = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".phone-call[data-state='ringing']")));
        wait.until(ExpectedConditions.attributeToBe(ringing, "data-pop", "matched"));
        assertThat(ringing.getAttribute("data-interaction")).isEqualTo(String.valueOf(interactionId));
        assertThat(ringing.findElement(By.className("phone-call-title")).getText())
                .isEqualTo("Incoming call: Alice Example");
        assertThat(ringing.findElement(By.className("phone-call-detail")).getText())
                .isEqualTo("15551234567 · the customer card on this screen is this call (queue support)");
        assertThat(browser.executeScript("return document.getElementById('phone-ring').paused"))
                .isEqualTo(false);
        assertThat(browser.executeScript("return window.shownNotifications.map(n => n.title + ': ' + n.body)"))
                .isEqualTo(List.of("Incoming call: Alice Example · 15551234567"));
        screenshot(browser, "ringing");
        Pages.screenshot(browser, "desktop-softphone-ringing");

        ringing.findElement(By.className("phone-answer")).click();
        call.awaitAnswered();
        WebElement live = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".phone-call[data-state='connected']")));
        assertThat(live.findElement(By.className("phone-call-title")).getText())
                .isEqualTo("On call with Alice Example");
        assertThat(browser.executeScript("return document.getElementById('phone-ring').paused"))
                .isEqualTo(true);
        assertThat(browser.executeScript("return window.shownNotifications[0].closed"))
                .isEqualTo(true);
        screenshot(browser, "on-call");

        live.findElement(By.className("phone-hold")).click();
        SipMessage hold = call.awaitRequest(
                "INVITE",
                message -> message.toTag() != null
                        && WebRtcSdp.direction(message.body()).equals("sendonly"));
        assertThat(hold.body()).contains("a=sendonly");
        wait.until(ExpectedConditions.attributeToBe(live, "data-state", "on-hold"));
        live.findElement(By.className("phone-mute")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(
                live.findElement(By.className("phone-call-detail")), "muted"));
        assertThat(browser.executeScript(MICROPHONE_SENDS))
                .as("muted: the microphone track is off")
                .isEqualTo(false);
        screenshot(browser, "on-hold-muted");

        live.findElement(By.className("phone-resume")).click();
        call.awaitRequest(
                "INVITE",
                message -> message.toTag() != null
                        && message.cseq() > hold.cseq()
                        && WebRtcSdp.direction(message.body()).equals("sendrecv"));
        wait.until(ExpectedConditions.attributeToBe(live, "data-state", "connected"));
        live.findElement(By.className("phone-unmute")).click();
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector(".phone-call .phone-call-detail"),
                "15551234567 · " + "the customer card on this screen is this call (queue support)"));
        assertThat(browser.executeScript(MICROPHONE_SENDS)).isEqualTo(true);

        live.findElement(By.className("phone-keys")).click();
        for (String key : List.of("4", "2", "#")) {
            live.findElement(By.xpath(".//button[contains(@class,'phone-key') and text()='" + key + "']"))
                    .click();
            call.awaitRequest("INFO", message -> message.body().startsWith("Signal=" + key + "\r\n"));
        }
        SipMessage info = call.awaitRequest("INFO", message -> true);
        assertThat(info.header("Content-Type")).isEqualTo("application/dtmf-relay");
        assertThat(info.body()).contains("Duration=160");
        assertThat(live.findElement(By.className("phone-keys-sent")).getText()).isEqualTo("Sent: 42#");
        screenshot(browser, "keypad");

        live.findElement(By.className("phone-hangup")).click();
        call.awaitRequest("BYE", message -> true);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".phone-call")));
        assertThat(text(browser, "phone-notice")).isEqualTo("Call with ALICE EX (15551234567) ended.");

        queueCall.rest().forEach(ami::emit);
        wait.until(ExpectedConditions.textToBe(By.id("call-state"), "wrap-up"));
        asterisk.ring("2002", "15551234567", "ALICE EX", null).awaitRinging();
        WebElement direct = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".phone-call[data-state='ringing']")));
        assertThat(direct.getAttribute("data-pop"))
                .as("the ended call's pop is not this new call's")
                .isEqualTo("none");
        assertThat(direct.findElement(By.className("phone-call-title")).getText())
                .isEqualTo("Incoming call: ALICE EX");
    }

    @Test
    void aCallerWhoHangsUpWhileItRingsLeavesNothingRinging() throws Exception {
        agent("ben", "2003", "sip-2003-secret");
        ChromeDriver browser = browser(FAKE_MEDIA, ALLOW_MEDIA, RING_ALOUD);
        WebDriverWait wait = signIn(browser, "ben");
        asterisk.awaitRegistered("2003");
        wait.until(ExpectedConditions.textToBe(By.id("phone-status"), "Ready: calls ring in this page"));
        browser.findElement(By.cssSelector(".phone-settings summary")).click();
        browser.findElement(By.id("phone-alerts-on")).click();
        popFor("1795460002.1", "15557654321", "PJSIP/2003", 2);
        wait.until(ExpectedConditions.textToBe(By.id("call-state"), "ringing"));

        // No X-Omniline-Interaction (a call that did not come through Omniline's dialplan): matched by caller ID.
        SipOverWebSocketPeer.Dialog call = asterisk.ring("2003", "15557654321", "Bob Caller", null);
        call.awaitRinging();
        WebElement ringing = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".phone-call[data-state='ringing']")));
        wait.until(ExpectedConditions.attributeToBe(ringing, "data-pop", "matched"));
        assertThat(browser.executeScript("return document.getElementById('phone-ring').paused"))
                .isEqualTo(false);

        call.cancel();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".phone-call")));
        assertThat(text(browser, "phone-notice"))
                .isEqualTo("Missed call from Bob Caller (15557654321): they hung up while it rang.");
        assertThat(browser.executeScript("return document.getElementById('phone-ring').paused"))
                .isEqualTo(true);
        assertThat(browser.executeScript(
                        "return window.shownNotifications.map(n => n.body + (n.closed ? ' (closed)' : ''))"))
                .isEqualTo(List.of("Bob Caller · 15557654321 (closed)"));
        screenshot(browser, "missed");

        SipOverWebSocketPeer.Dialog again = asterisk.ring("2003", "15557654321", "Bob Caller", null);
        again.awaitRinging();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector(".phone-call[data-state='ringing'] .phone-decline")))
                .click();
        asterisk.awaitFromBrowser(
                "486 to the declined call",
                message -> message.status() == 486 && again.callId().equals(message.callId()));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".phone-call")));
        assertThat(browser.executeScript("return document.getElementById('phone-ring').paused"))
                .isEqualTo(true);
    }

    @Test
    void aBlindTransferSendsReferToTheExtensionAndLeavesTheCall() throws Exception {
        agent("cat", "2004", "sip-2004-secret");
        ChromeDriver browser = browser(FAKE_MEDIA, ALLOW_MEDIA);
        WebDriverWait wait = signIn(browser, "cat");
        asterisk.awaitRegistered("2004");
        SipOverWebSocketPeer.Dialog call = answered(browser, wait, "2004", "15550001111");
        WebElement live = transferForm(browser, "1003");
        screenshot(browser, "transfer-form");
        live.findElement(By.className("phone-blind")).click();

        SipMessage refer = call.awaitRequest("REFER", message -> true);
        assertThat(refer.header("Refer-To")).isEqualTo("<sip:1003@127.0.0.1>");
        assertThat(refer.header("Referred-By")).isEqualTo("<sip:2004@127.0.0.1>");
        call.awaitEnded();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".phone-call")));
        wait.until(ExpectedConditions.textToBe(By.id("phone-notice"), "Transferred to 1003."));
    }

    @Test
    void anAttendedTransferTalksToTheTargetFirstThenRefersWithReplaces() throws Exception {
        agent("dan", "2005", "sip-2005-secret");
        ChromeDriver browser = browser(FAKE_MEDIA, ALLOW_MEDIA);
        WebDriverWait wait = signIn(browser, "dan");
        asterisk.awaitRegistered("2005");
        SipOverWebSocketPeer.Dialog call = answered(browser, wait, "2005", "15550002222");
        WebElement live = transferForm(browser, "1004");
        live.findElement(By.className("phone-consult")).click();
        call.awaitRequest(
                "INVITE",
                message -> message.toTag() != null
                        && WebRtcSdp.direction(message.body()).equals("sendonly"));
        SipOverWebSocketPeer.Dialog consultation = asterisk.awaitCallTo("1004");
        WebElement consulting = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".phone-call[data-direction='out']")));
        wait.until(ExpectedConditions.textToBePresentInElement(consulting, "Consulting 1004 (the caller is on hold)"));
        consultation.answer();
        wait.until(ExpectedConditions.attributeToBe(consulting, "data-state", "connected"));
        assertThat(live.getAttribute("data-state")).isEqualTo("on-hold");
        screenshot(browser, "consulting");

        consulting.findElement(By.className("phone-complete")).click();
        SipMessage refer = call.awaitRequest("REFER", message -> true);
        assertThat(refer.header("Refer-To"))
                .isEqualTo("<sip:1004@127.0.0.1?Replaces=" + consultation.callId() + "%3Bto-tag%3D"
                        + consultation.peerTag() + "%3Bfrom-tag%3D" + consultation.browserTag() + ">");
        call.awaitEnded();
        consultation.awaitEnded();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".phone-call")));
        wait.until(ExpectedConditions.textToBe(By.id("phone-notice"), "Transferred to 1004."));
        assertThat(asterisk.transcript()).contains("SIP/2.0 200 OK\r\n");
    }

    @Test
    void theAgentCallsACustomerBackThroughThePhoneSystem() throws Exception {
        agent("eve", "2009", "sip-2009-secret");
        ChromeDriver browser = browser(FAKE_MEDIA, ALLOW_MEDIA);
        WebDriverWait wait = signIn(browser, "eve");
        wait.until(ExpectedConditions.textToBe(By.id("phone-status"), "Ready: calls ring in this page"));
        browser.findElement(By.cssSelector(".phone-settings summary")).click();
        Select microphones = new Select(browser.findElement(By.id("phone-input")));
        String chosen = microphones.getOptions().getLast().getAttribute("value");
        microphones.selectByValue(chosen);
        browser.findElement(By.id("phone-number")).sendKeys("+1 (415) 555-0100");
        browser.findElement(By.cssSelector("#phone-dial button")).click();

        SipOverWebSocketPeer.Dialog callBack = asterisk.awaitCallTo("+14155550100");
        SipMessage invite = asterisk.awaitFromBrowser(
                "the authorized INVITE",
                message -> message.isRequest()
                        && message.method().equals("INVITE")
                        && callBack.callId().equals(message.callId())
                        && message.header("Authorization") != null);
        assertThat(invite.requestUri()).isEqualTo("sip:+14155550100@127.0.0.1");
        assertThat(invite.header("Authorization")).contains("username=\"2009\"");
        WebElement outgoing = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".phone-call[data-direction='out']")));
        wait.until(ExpectedConditions.textToBePresentInElement(outgoing, "Ringing +14155550100…"));
        screenshot(browser, "calling-out");

        callBack.answer();
        wait.until(ExpectedConditions.attributeToBe(outgoing, "data-state", "connected"));
        assertThat(outgoing.findElement(By.className("phone-call-title")).getText())
                .isEqualTo("On call with +14155550100");
        assertThat(browser.executeScript(
                        "return window.peerConnections.at(-1).getSenders()[0].track.getSettings().deviceId"))
                .as("the call speaks through the microphone chosen")
                .isEqualTo(chosen);
        outgoing.findElement(By.className("phone-hangup")).click();
        callBack.awaitRequest("BYE", message -> true);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".phone-call")));
    }

    /** An agent whose phone is the softphone at PJSIP/{@code extension}, set up as an admin would. */
    private static void agent(String login, String extension, String sipPassword) throws Exception {
        JsonNode created = admin.call("POST", "/api/agents", """
                {"login": "%s", "displayName": "%s", "sipInterface": "PJSIP/%s", "queues": {"support": 0},
                 "password": "%s-password-1"}""".formatted(login, login, extension, login), 201);
        admin.call(
                "PUT",
                "/api/agents/" + created.get("agent").get("id").asLong() + "/softphone",
                "{\"password\": \"" + sipPassword + "\"}",
                200);
    }

    /** A queue call as AMI tells it: up to the agent ringing, and the rest (answer to hang-up) to play later. */
    private record QueueCall(long interactionId, List<byte[]> rest) {}

    /** Runs a caller through the IVR into the queue until Asterisk rings {@code agentInterface}. */
    private static QueueCall popFor(String uniqueId, String callerId, String agentInterface, int callNumber)
            throws Exception {
        AsteriskAgiCall.of(
                        AgiEnvironment.call(uniqueId, callerId, "100", "ivr"),
                        press("1"),
                        press("12345678#"),
                        press("2"))
                .run(omniline.agiPort());
        List<byte[]> script = ScriptedCalls.answered(uniqueId, "support", agentInterface, callNumber);
        int ringing = AmiScripts.indexOf(script, "Event: AgentCalled") + 1;
        script.subList(0, ringing).forEach(ami::emit);
        return new QueueCall(
                db.repositories()
                        .interactions()
                        .findByExternalId(Channel.voice, uniqueId)
                        .orElseThrow()
                        .id(),
                script.subList(ringing, script.size()));
    }

    private static SipOverWebSocketPeer.Dialog answered(
            ChromeDriver browser, WebDriverWait wait, String extension, String caller) {
        wait.until(ExpectedConditions.textToBe(By.id("phone-status"), "Ready: calls ring in this page"));
        SipOverWebSocketPeer.Dialog call = asterisk.ring(extension, caller, "", null);
        WebElement ringing = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".phone-call[data-state='ringing']")));
        ringing.findElement(By.className("phone-answer")).click();
        call.awaitAnswered();
        wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".phone-call[data-state='connected']")));
        return call;
    }

    /** Opens the live call's transfer form and types the target; the call's element. */
    private static WebElement transferForm(ChromeDriver browser, String target) {
        WebElement live = browser.findElement(By.cssSelector(".phone-call"));
        live.findElement(By.className("phone-transfer-open")).click();
        live.findElement(By.className("phone-transfer-target")).sendKeys(target);
        return live;
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    /** This test's browser, closed after it. */
    private ChromeDriver browser(String... switches) throws Exception {
        browser = HeadlessChromium.start(switches);
        browser.manage().window().setSize(new Dimension(1280, 1100));
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", BROWSER_SPIES));
        return browser;
    }

    private static WebDriverWait signIn(ChromeDriver browser, String login) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
        Pages.signIn(browser, wait, login, login + "-password-1");
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
        return wait;
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void screenshot(ChromeDriver browser, String state) throws Exception {
        Pages.screenshot(browser.findElement(By.id("softphone")), "softphone-" + state);
    }
}

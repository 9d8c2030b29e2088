package io.omniline.bridge.channels.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.conversations.AgentDesk;
import io.omniline.bridge.testing.Bridge;
import io.omniline.bridge.testing.Eventually;
import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.customer.Customer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.Message;
import io.omniline.db.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The embeddable widget in a real browser, on the gateway's demo page. */
class ChatWidgetBrowserTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private Bridge bridge;
    private ChatGateway gateway;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        bridge = new Bridge(db.repositories());
        gateway = ChatGateway.start(
                ChatGatewaySettings.defaults("127.0.0.1", 0),
                bridge.chat,
                new VisitorTokens("widget-test-secret-of-32-bytes!!".getBytes(), Duration.ofDays(1), Clock.systemUTC()),
                bridge.events,
                bridge.registry);
        browser = HeadlessChromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        browser.quit();
        gateway.close();
        bridge.close();
    }

    @Test
    void aVisitorChatsWithAnAgentReloadsAndKeepsTheTranscriptAndMarkupStaysText() {
        long agent = bridge.agentSignedIn(2, Bridge.CHAT_QUEUE);
        startChat("<b>Eve</b>", "eve@example.com");
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-status"), "Waiting for an agent…"));

        say("<script>window.pwned = 1</script>Where is my order?");
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector(".omniline-customer"), "data-state", "sent"));
        Interaction chat = Eventually.await(
                        () -> db.repositories().digitalQueue().heldBy(agent),
                        held -> held.size() == 1,
                        Duration.ofSeconds(5))
                .getFirst();
        AgentDesk desk = bridge.desk();
        desk.accept(chat.id(), agent);
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector(".omniline-status"), java.util.regex.Pattern.compile(".*joined the chat")));
        desk.typing(chat.id(), agent);
        String agentName = bridge.agents.findById(agent).orElseThrow().displayName();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-typing"), agentName + " is typing…"));
        desk.reply(chat.id(), agent, "<img src=x onerror=\"window.pwned = 2\">It ships today.");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".omniline-agent"), 1));

        assertThat(bodies())
                .containsExactly(
                        "<script>window.pwned = 1</script>Where is my order?",
                        "<img src=x onerror=\"window.pwned = 2\">It ships today.");
        assertThat(
                        browser.executeScript(
                                "return window.pwned === undefined && document.querySelectorAll('.omniline-log img, .omniline-log script').length === 0"))
                .isEqualTo(true);

        browser.navigate().refresh();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".omniline-msg"), 2));
        assertThat(bodies())
                .containsExactly(
                        "<script>window.pwned = 1</script>Where is my order?",
                        "<img src=x onerror=\"window.pwned = 2\">It ships today.");
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector(".omniline-status"), java.util.regex.Pattern.compile(".* is here")));

        say("Thanks!");
        wait.until(ExpectedConditions.attributeToBe(
                By.xpath("(//li[contains(@class,'omniline-customer')])[2]"), "data-state", "sent"));
        browser.findElement(By.cssSelector(".omniline-end")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-status"), "This chat has ended"));

        assertThat(bridge.messages.transcript(chat.id()))
                .extracting(Message::body)
                .containsExactly(
                        "<script>window.pwned = 1</script>Where is my order?",
                        "<img src=x onerror=\"window.pwned = 2\">It ships today.",
                        "Thanks!");
        assertThat(chat.metadata()).containsEntry("visitor_name", "<b>Eve</b>");
    }

    @Test
    void aVisitorProvesTheEmailTheyTypedWithACodeAndTheChatJoinsTheirCustomer() {
        Customer eve =
                bridge.customers.create("Eve Adams", Map.of(), List.of(bridge.normalizer.email("eve@example.com")));
        startChat("Eve", "eve@example.com");
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-ask"), "Email a code to e•••@example.com"));
        Interaction chat = bridge.interactions
                .findById(Long.parseLong(db.dsl()
                        .fetchValue("SELECT max(id) FROM interaction WHERE channel = 'chat'")
                        .toString()))
                .orElseThrow();
        assertThat(chat.customerId()).isNotEqualTo(eve.id());
        HeadlessChromium.screenshot(browser, "widget-1-verify-offered");

        browser.findElement(By.cssSelector(".omniline-ask")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".omniline-code")));
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector(".omniline-verify-note"),
                java.util.regex.Pattern.compile("Code sent to e•••@example.com.*")));
        String code = bridge.lastCodeTo("email:eve@example.com");
        browser.findElement(By.name("code")).sendKeys(code.equals("123456") ? "654321" : "123456");
        browser.findElement(By.cssSelector(".omniline-confirm")).click();
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector(".omniline-verify-note"), "that code is not right; 4 tries left"));
        HeadlessChromium.screenshot(browser, "widget-2-wrong-code");

        browser.findElement(By.name("code")).clear();
        browser.findElement(By.name("code")).sendKeys(code);
        browser.findElement(By.cssSelector(".omniline-confirm")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-verify-text"), "Thanks, you are verified."));
        assertThat(browser.findElements(By.cssSelector(".omniline-ask"))).isEmpty();
        assertThat(bridge.interactions.findById(chat.id()).orElseThrow().customerId())
                .isEqualTo(eve.id());
        HeadlessChromium.screenshot(browser, "widget-3-verified");
    }

    @Test
    void enterSendsTheCounterCountsDownToTheGatewaysLimitTypingShowsBothWaysAndANewChatFollowsAnEndedOne()
            throws Exception {
        gateway.close();
        gateway = ChatGateway.start(
                new ChatGatewaySettings(
                        "127.0.0.1",
                        0,
                        65_536,
                        200,
                        2,
                        10,
                        20,
                        60,
                        50,
                        Duration.ofMinutes(10),
                        10,
                        20,
                        Duration.ofMinutes(2)),
                bridge.chat,
                new VisitorTokens("widget-test-secret-of-32-bytes!!".getBytes(), Duration.ofDays(1), Clock.systemUTC()),
                bridge.events,
                bridge.registry);
        long agent = bridge.agentSignedIn(2, Bridge.CHAT_QUEUE);
        String agentName = bridge.agents.findById(agent).orElseThrow().displayName();
        startChat("Zoe", "zoe@example.com");
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-status"), "Waiting for an agent…"));

        WebElement box = browser.findElement(By.name("text"));
        assertThat(box.getAttribute("aria-label")).isEqualTo("Message");
        box.sendKeys("First line", Keys.chord(Keys.SHIFT, Keys.ENTER), "second line", Keys.ENTER);
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector(".omniline-customer"), "data-state", "sent"));
        assertThat(box.getAttribute("value")).isEmpty();
        Interaction chat = Eventually.await(
                        () -> db.repositories().digitalQueue().heldBy(agent),
                        held -> held.size() == 1,
                        Duration.ofSeconds(5))
                .getFirst();
        assertThat(bridge.messages.transcript(chat.id()))
                .extracting(Message::body)
                .containsExactly("First line\nsecond line");

        // The gateway said 200: the counter speaks from 160 characters on, and the box stops at 200.
        box.sendKeys("x".repeat(159));
        assertThat(browser.findElement(By.cssSelector(".omniline-count")).getText())
                .isEmpty();
        box.sendKeys("x");
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-count"), "40 characters left"));
        HeadlessChromium.screenshot(browser, "widget-4-counter-near-the-limit");
        box.sendKeys("y".repeat(60));
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-count"), "0 characters left"));
        assertThat(box.getAttribute("value")).hasSize(200);
        box.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".omniline-customer[data-state='sent']"), 2));
        assertThat(browser.findElement(By.cssSelector(".omniline-count")).getText())
                .isEmpty();

        AgentDesk desk = bridge.desk();
        desk.accept(chat.id(), agent);
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-status"), agentName + " joined the chat"));
        desk.typing(chat.id(), agent);
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-typing"), agentName + " is typing…"));
        HeadlessChromium.screenshot(browser, "widget-5-agent-typing");
        // With no new sign the indicator goes by itself.
        wait.withTimeout(Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.cssSelector(".omniline-typing"), ""));
        browser.findElement(By.name("text")).sendKeys("Are you");
        Eventually.await(
                () -> bridge.heard.stream()
                        .filter(event -> event instanceof io.omniline.bridge.events.ConversationEvent.Typing typing
                                && typing.interactionId() == chat.id()
                                && typing.agentId() == agent)
                        .count(),
                heard -> heard > 0,
                Duration.ofSeconds(5));

        desk.close(chat.id(), agent);
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-status"), "This chat has ended"));
        WebElement again = browser.findElement(By.cssSelector(".omniline-again"));
        wait.until(ExpectedConditions.visibilityOf(again));
        assertThat(again.getText()).isEqualTo("Start a new chat");
        assertThat(browser.findElement(By.cssSelector(".omniline-composer")).isDisplayed())
                .as("no box whose messages would wait forever")
                .isFalse();
        HeadlessChromium.screenshot(browser, "widget-6-ended-start-a-new-chat");
        // Rated already (from another tab): the first rating stands, and the widget says which it was.
        db.repositories().csatSurveys().answer(chat.id(), "chat", 2, null, java.time.Instant.now());
        browser.findElement(By.cssSelector(".omniline-rate[aria-label='Rate 5 of 5']"))
                .click();
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector(".omniline-rating-text"),
                "you rated this chat 2 of 5 already; your first rating stands"));
        HeadlessChromium.screenshot(browser, "widget-6b-rated-already");
        again.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".omniline-form")));
        assertThat(browser.findElements(By.cssSelector(".omniline-msg"))).isEmpty();
        assertThat(browser.switchTo().activeElement().getAttribute("name"))
                .as("focus goes to the form's first field")
                .isEqualTo("name");
        assertThat(again.isDisplayed()).isFalse();
        HeadlessChromium.screenshot(browser, "widget-7-new-chat-form");
        browser.findElement(By.name("name")).clear();
        browser.findElement(By.name("name")).sendKeys("Zoe");
        browser.findElement(By.cssSelector(".omniline-start")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".omniline-status"), "Waiting for an agent…"));
        browser.findElement(By.name("text")).sendKeys("One more thing", Keys.ENTER);
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector(".omniline-customer"), "data-state", "sent"));
        Interaction second = Eventually.await(
                        () -> db.repositories().digitalQueue().heldBy(agent),
                        held -> held.stream().anyMatch(held1 -> held1.id() != chat.id()),
                        Duration.ofSeconds(5))
                .stream()
                .filter(held -> held.id() != chat.id())
                .findFirst()
                .orElseThrow();
        assertThat(bridge.messages.transcript(second.id()))
                .extracting(Message::body)
                .containsExactly("One more thing");
    }

    /** Opens the demo page's widget and starts a chat from its form. */
    private void startChat(String name, String email) {
        browser.get("http://127.0.0.1:" + gateway.port() + "/");
        browser.findElement(By.cssSelector(".omniline-launcher")).click();
        browser.findElement(By.name("name")).sendKeys(name);
        browser.findElement(By.name("email")).sendKeys(email);
        browser.findElement(By.cssSelector(".omniline-start")).click();
    }

    private void say(String text) {
        WebElement box = browser.findElement(By.name("text"));
        box.sendKeys(text);
        browser.findElement(By.cssSelector(".omniline-send")).click();
    }

    private List<String> bodies() {
        return browser.findElements(By.cssSelector(".omniline-body")).stream()
                .map(WebElement::getText)
                .toList();
    }
}

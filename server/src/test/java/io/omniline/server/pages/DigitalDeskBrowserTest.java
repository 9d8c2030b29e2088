package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.ChatClient;
import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.NewMessage;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.PasswordHasher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An agent answers a web chat inside the desktop, in headless Chromium, while the visitor is a
 * real WebSocket client: accept, see the email the visitor typed suggested (unverified), link them
 * after checking, read, reply (the visitor hears it), look at the customer's earlier email one
 * click away, end, wrap up.
 */
class DigitalDeskBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String HOSTILE = "<img src=x onerror=\"window.pwned = 1\">thanks";

    @Test
    void anAgentAnswersAChatInTheDesktopWithTheCustomersEmailOneClickAway() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            long lena = db.repositories()
                    .agents()
                    .create("lena", "Lena", "PJSIP/1003", Map.of(), Map.of("chat", 0), "test")
                    .id();
            db.repositories()
                    .accounts()
                    .create("lena", new PasswordHasher(4).hash("lena-password-1"), AccountRole.agent, lena, "test");
            long mia = db.repositories()
                    .customers()
                    .create("Mia Rossi", Map.of(), List.of(new IdentityNormalizer("US").email("mia@example.com")))
                    .id();
            InteractionRepository interactions = db.repositories().interactions();
            long email = interactions
                    .open(NewInteraction.inboundMessage(Channel.email, "<invoice@example.com>", mia, "Invoice 42"))
                    .id();
            db.repositories()
                    .messages()
                    .append(new NewMessage(
                            email,
                            AuthorKind.customer,
                            null,
                            "<p>Where is my <b>invoice</b>?</p><img src=x onerror=\"window.pwned = 1\">",
                            "text/html; charset=utf-8",
                            "<invoice@example.com>",
                            null,
                            null,
                            Map.of("subject", "Invoice 42")));
            interactions.end(email, InteractionOutcome.completed);

            ChromeDriver browser = HeadlessChromium.start();
            try (ChatClient visitor = ChatClient.connect(omniline.chatPort().orElseThrow())) {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "lena", "lena-password-1");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                browser.findElement(By.id("digital-on")).click();
                wait.until(ExpectedConditions.textToBe(By.id("digital-result"), "Taking up to 3 at a time"));

                visitor.hello(null, "Mia", null, "mia@example.com");
                visitor.next("welcome");
                visitor.say("m1", "My invoice never came");
                visitor.next("ack");

                By offered = By.cssSelector("#conversation-list li[data-state='offered']");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(offered, "Web chat"));
                // The list is drawn again as the visitor's messages arrive: each look finds the row anew.
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#conversation-list li[data-state='offered'] .work-name"), "Mia"));
                wait.until(ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("#conversation-list li[data-state='offered'] .unread"), 1));
                wait.until(ExpectedConditions.textMatches(
                        By.cssSelector("#conversation-list li[data-state='offered'] .work-detail"),
                        Pattern.compile("offered to you · waiting (under a minute|\\d+ min)")));
                wait.until(
                        driver -> Boolean.TRUE.equals(
                                ((ChromeDriver) driver)
                                        .executeScript(
                                                "var chime = document.getElementById('chat-chime'); return !chime.paused || chime.played.length > 0;")));
                HeadlessChromium.screenshot(browser, "desk-chat-offered");
                // The work list is drawn again as the visitor's messages arrive: a click on a replaced row is tried
                // anew.
                wait.ignoring(StaleElementReferenceException.class).until(driver -> {
                    driver.findElement(By.cssSelector("#conversation-list button.accept"))
                            .click();
                    return true;
                });
                assertThat(visitor.next("joined").toString()).contains("Lena");
                wait.until(ExpectedConditions.textToBe(By.id("conversation-state"), "in progress"));
                assertThat(browser.findElement(By.id("conversation-title")).getText())
                        .as("the channel and the time in words, not the stored code and number")
                        .startsWith("Web chat · ")
                        .doesNotContain("#")
                        .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#transcript li .bubble-body"), "My invoice never came"));
                assertThat(browser.findElement(By.cssSelector("#transcript li .bubble-meta"))
                                .getText())
                        .matches("Mia · \\d\\d:\\d\\d.*");
                assertThat(browser.findElements(By.cssSelector("#conversation-list li.open .unread")))
                        .as("read once open")
                        .isEmpty();
                By openDetail = By.cssSelector("#conversation-list li.open .work-detail");
                wait.until(ExpectedConditions.textMatches(
                        openDetail, Pattern.compile("waiting for your reply · (under a minute|\\d+ min)")));
                // The email typed in the form is a claim: Mia Rossi is only suggested, her history stays closed.
                assertThat(browser.findElement(By.id("conversation-customer")).getText())
                        .isEqualTo("Mia · not identified");
                assertThat(browser.findElement(By.id("conversation-claims")).getText())
                        .isEqualTo("Typed in the chat form: email mia@example.com (not verified)");
                assertThat(browser.findElement(By.id("suggestion-name")).getText())
                        .isEqualTo("Mia Rossi");
                assertThat(browser.findElement(By.id("suggestion-why")).getText())
                        .isEqualTo("matches the email the visitor typed");
                assertThat(browser.findElement(By.id("conversation-find")).isDisplayed())
                        .isTrue();
                HeadlessChromium.screenshot(browser, "desk-chat-unverified-suggestion");
                browser.findElement(By.id("suggestion-link")).click();
                wait.until(ExpectedConditions.textToBe(By.id("conversation-customer"), "Mia Rossi · mia@example.com"));
                assertThat(browser.findElement(By.id("conversation-identified")).getText())
                        .isEqualTo("Identified by agent lena, after checking");
                assertThat(browser.findElement(By.id("suggestion")).isDisplayed())
                        .isFalse();
                assertThat(browser.findElement(By.id("conversation-find")).isDisplayed())
                        .isFalse();
                HeadlessChromium.screenshot(browser, "desk-chat-linked-after-checking");

                // Enter sends; Shift+Enter is a new line.
                browser.findElement(By.cssSelector("#reply textarea"))
                        .sendKeys("Sending it", Keys.chord(Keys.SHIFT, Keys.ENTER), "again now", Keys.ENTER);
                assertThat(visitor.next("message").get("text").asText()).isEqualTo("Sending it\nagain now");
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#transcript li"), 2));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#transcript li:nth-child(2) .bubble-meta"), "You"));
                assertThat(browser.findElement(By.cssSelector("#reply textarea"))
                                .getAttribute("value"))
                        .isEmpty();
                // Answered: the customer no longer waits, and the list stops saying so.
                wait.until(ExpectedConditions.textMatches(
                        openDetail, Pattern.compile("in progress · answered (just now|\\d+ min ago)")));
                HeadlessChromium.screenshot(browser, "desk-chat-answered-in-my-work");
                assertThat(browser.findElement(By.id("reply-count")).getText()).isEmpty();
                ((ChromeDriver) browser)
                        .executeScript("var box = document.getElementById('reply-text');"
                                + " box.value = 'x'.repeat(3899); box.dispatchEvent(new Event('input'));");
                browser.findElement(By.id("reply-text")).sendKeys("y");
                wait.until(ExpectedConditions.textToBe(By.id("reply-count"), "100 characters left"));
                HeadlessChromium.screenshot(browser, "desk-chat-counter-near-the-limit");
                ((ChromeDriver) browser)
                        .executeScript("var box = document.getElementById('reply-text');"
                                + " box.value = ''; box.dispatchEvent(new Event('input'));");

                visitor.say("m2", HOSTILE);
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#transcript li"), 3));
                assertThat(browser.findElements(By.cssSelector("#transcript li .bubble-body"))
                                .get(2)
                                .getText())
                        .isEqualTo(HOSTILE);

                browser.findElement(By.id("conversation-history")).click();
                By emailThread = By.cssSelector("#history-list button[data-interaction='" + email + "']");
                // The history may be drawn again as the click lands (the conversation's own refresh): click anew then.
                wait.ignoring(StaleElementReferenceException.class).until(driver -> {
                    driver.findElement(emailThread).click();
                    return true;
                });
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#history-thread li"), "Customer [Invoice 42]: Where is my invoice?"));
                assertThat(browser.executeScript("return window.pwned === undefined"))
                        .isEqualTo(true);

                browser.findElement(By.id("conversation-close")).click();
                visitor.next("ended");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("conversation-wrap-up")));
                // Nothing stale: the list, the title and the agent's line all say wrap-up at once.
                wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#conversation-list li[data-state='wrap-up']")));
                assertThat(browser.findElement(By.id("conversation-state")).getText())
                        .isEqualTo("wrapping up");
                assertThat(browser.findElement(By.id("conversation-result")).getText())
                        .isEqualTo("The conversation has ended; save its wrap-up to finish.");
                // Read like the pop's recent contacts: channel, time in the browser's locale, state in words.
                wait.until(ExpectedConditions.textMatches(
                        By.cssSelector("#history-list li:first-child button"),
                        Pattern.compile("Web chat · [^·]*\\d{4}[^·]* · wrapping up")));
                assertThat(browser.findElement(By.cssSelector("#history-list li:first-child button"))
                                .getText())
                        .doesNotContain("#")
                        .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
                HeadlessChromium.screenshot(browser, "desk-chat-wrap-up");
                new Select(browser.findElement(By.cssSelector("#conversation-wrap-up [name='disposition']")))
                        .selectByValue("resolved");
                browser.findElement(By.cssSelector("#conversation-wrap-up [name='notes']"))
                        .sendKeys("Invoice resent");
                browser.findElement(By.cssSelector("#conversation-wrap-up button"))
                        .click();
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("conversation")));
                wait.until(ExpectedConditions.textToBe(By.id("digital-result"), "Wrap-up saved: Resolved"));
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#conversation-list li"), 0));
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("history")));
                HeadlessChromium.screenshot(browser, "desk-chat-wrapped-up");

                Interaction chat = interactions
                        .findById(Long.parseLong(db.dsl()
                                .fetchValue("SELECT max(id) FROM interaction WHERE channel = 'chat'")
                                .toString()))
                        .orElseThrow();
                assertThat(chat.customerId()).isEqualTo(mia);
                assertThat(chat.state()).isEqualTo(InteractionState.ended);
                assertThat(chat.disposition()).isEqualTo("resolved");
                assertThat(chat.notes()).isEqualTo("Invoice resent");
            } finally {
                browser.quit();
            }
        }
    }
}

package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.ChatClient;
import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.interaction.Channel;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The open chat and the customer column in headless Chromium, with a real WebSocket visitor: the
 * visitor typing shows under the conversation and fades by itself, an attachment shows its cleaned
 * name and size as a download link, the agent typing reaches the
 * visitor, and the agent leaves a note about the customer (a hostile one shown as text; an empty
 * one refused beside the field) that goes away with the customer once the wrap-up is saved.
 */
class CustomerColumnBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String HOSTILE_NOTE = "<img src=x onerror=\"window.pwned = 1\">Prefers email";

    @Test
    void theVisitorTypingShowsAndFadesAndTheAgentLeavesANoteAboutTheCustomer() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            long lena = db.repositories()
                    .agents()
                    .create("lena", "Lena", "PJSIP/1003", Map.of(), Map.of("chat", 0), "test")
                    .id();
            db.repositories()
                    .accounts()
                    .create("lena", new PasswordHasher(4).hash("lena-password-1"), AccountRole.agent, lena, "test");
            ChromeDriver browser = HeadlessChromium.start();
            try (ChatClient visitor = ChatClient.connect(omniline.chatPort().orElseThrow())) {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "lena", "lena-password-1");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                browser.findElement(By.id("digital-on")).click();
                wait.until(ExpectedConditions.textToBe(By.id("digital-result"), "Taking up to 3 at a time"));

                String conversation = visitor.hello(null, "Mia", null, null)
                        .next("welcome")
                        .path("conversation")
                        .asText();
                visitor.say("m1", "Hello, anyone there?");
                visitor.next("ack");
                // A file with the message (as an email or MMS brings them), named to deceive.
                long chat = db.repositories()
                        .interactions()
                        .findByExternalId(Channel.chat, conversation)
                        .orElseThrow()
                        .id();
                long message =
                        db.repositories().messages().transcript(chat).getFirst().id();
                byte[] bytes = "not really a pdf".getBytes(StandardCharsets.UTF_8);
                long file = db.repositories()
                        .attachments()
                        .keep(message, "C:\\Users\\mia\\invoice\u202Efdp.exe", "application/pdf", bytes)
                        .id();
                wait.ignoring(StaleElementReferenceException.class).until(driver -> {
                    driver.findElement(By.cssSelector("#conversation-list button.accept"))
                            .click();
                    return true;
                });
                visitor.next("joined");
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#transcript li .bubble-body"), "Hello, anyone there?"));
                By attachment = By.cssSelector("#transcript li a.attachment");
                wait.until(ExpectedConditions.textToBe(attachment, "📎 invoicefdp.exe (16 bytes)"));
                assertThat(browser.findElement(attachment).getAttribute("href"))
                        .endsWith("/api/conversations/" + chat + "/attachments/" + file);
                assertThat(browser.findElement(attachment).getAttribute("download"))
                        .isEqualTo("invoicefdp.exe");

                visitor.send("{\"type\":\"typing\"}");
                wait.until(ExpectedConditions.textToBe(By.id("conversation-typing"), "Mia is typing…"));
                Pages.screenshot(browser, "desk-visitor-typing");
                // No further sign: it fades by itself, and the list was not drawn again for it.
                new WebDriverWait(browser, Duration.ofSeconds(20))
                        .until(ExpectedConditions.textToBe(By.id("conversation-typing"), ""));

                browser.findElement(By.id("reply-text")).sendKeys("Yes, I am here");
                assertThat(visitor.next("typing").path("author").asText()).isEqualTo("agent");

                // The notes of the customer in hand: none yet, then the agent's, as text.
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("customer-notes")));
                assertThat(browser.findElement(By.id("notes-title")).getText()).isEqualTo("Notes about Mia");
                assertThat(browser.findElement(By.id("notes-empty")).isDisplayed())
                        .isTrue();
                browser.findElement(By.cssSelector("#note-form button")).click();
                wait.until(ExpectedConditions.textToBe(By.id("note-body-problem"), "A note has 1 to 1000 characters."));
                Pages.screenshot(browser, "desk-note-refused");
                browser.findElement(By.id("note-body")).sendKeys(HOSTILE_NOTE);
                browser.findElement(By.cssSelector("#note-form button")).click();
                wait.until(ExpectedConditions.textToBe(By.id("note-result"), "Note saved"));
                wait.until(ExpectedConditions.textToBe(By.cssSelector("#notes-list .note-body"), HOSTILE_NOTE));
                assertThat(browser.findElement(By.cssSelector("#notes-list .note-meta"))
                                .getText())
                        .matches(Pattern.compile("Lena · \\w{3} \\d{1,2}, \\d{4}, \\d{1,2}:\\d{2}.*"));
                assertThat(browser.findElement(By.id("note-body-problem")).getText())
                        .isEmpty();
                assertThat(browser.findElement(By.id("notes-empty")).isDisplayed())
                        .isFalse();
                assertThat(
                                browser.executeScript(
                                        "return window.pwned === undefined && document.querySelectorAll('#notes-list img').length === 0"))
                        .isEqualTo(true);
                Pages.screenshot(browser, "desk-customer-note-saved");

                browser.findElement(By.id("conversation-close")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("conversation-wrap-up")));
                browser.findElement(By.cssSelector("#conversation-wrap-up button"))
                        .click();
                wait.until(
                        ExpectedConditions.textMatches(By.id("digital-result"), Pattern.compile("Wrap-up saved: .*")));
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("customer-notes")));
            } finally {
                browser.quit();
            }
        }
    }
}

package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.ChatClient;
import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.PasswordHasher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * axe-core (the dev dependency in server/web-vendor) over every page in the states people use
 * them in: signed out (where moderate violations count too), the admin's page, the agent's workspace with a chat open (and an admin's
 * quick reply inserted) and the supervisor's floor with an agent's day open. No serious or critical violation is allowed; every result is kept in
 * target/axe for the record.
 */
class AccessibilityBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void noPageHasASeriousOrCriticalAccessibilityViolation() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            PasswordHasher hasher = new PasswordHasher(4);
            long nia = db.repositories()
                    .agents()
                    .create("nia", "Nia", "PJSIP/1007", Map.of(), Map.of("chat", 0), "test")
                    .id();
            db.repositories().accounts().create("nia", hasher.hash("nia-password-1"), AccountRole.agent, nia, "test");
            db.repositories()
                    .accounts()
                    .create("sue", hasher.hash("supervisor-pw"), AccountRole.supervisor, null, "test");
            List<String> serious = new ArrayList<>();
            ChromeDriver browser = HeadlessChromium.start();
            try (ChatClient visitor = ChatClient.connect(omniline.chatPort().orElseThrow())) {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                String home = "http://127.0.0.1:" + omniline.httpPort() + "/";
                browser.get(home);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
                // The page everyone sees first is held to more: no moderate violation either.
                serious.addAll(Axe.moderateOrWorse(browser, "signed-out"));

                Pages.signIn(browser, wait, "admin", TestConfigs.ADMIN_PASSWORD);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("quick-replies-admin")));
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#agents tbody tr")));
                serious.addAll(Axe.serious(browser, "admin"));
                // A refused quick reply is explained beside the field it is about, in words.
                browser.findElement(By.cssSelector("#quick-reply-form [name='title']"))
                        .sendKeys("Parcel");
                browser.findElement(By.cssSelector("#quick-reply-form button")).click();
                wait.until(ExpectedConditions.textToBe(
                        By.id("quick-reply-body-problem"), "A quick reply's text has 1 to 2000 characters."));
                Pages.screenshot(browser, "admin-quick-reply-refused");
                browser.findElement(By.cssSelector("#quick-reply-form [name='body']"))
                        .sendKeys("Your parcel left our depot today.");
                browser.findElement(By.cssSelector("#quick-reply-form button")).click();
                wait.until(ExpectedConditions.textToBe(By.id("quick-reply-result"), "Added Parcel"));
                assertThat(browser.findElement(By.id("quick-reply-body-problem"))
                                .getText())
                        .isEmpty();
                browser.findElement(By.id("logout")).click();

                Pages.signIn(browser, wait, "nia", "nia-password-1");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                browser.findElement(By.id("digital-on")).click();
                wait.until(ExpectedConditions.textToBe(By.id("digital-result"), "Taking up to 3 at a time"));
                visitor.hello(null, "Ola", null, null);
                visitor.next("welcome");
                visitor.say("m1", "Is my parcel on its way?");
                visitor.next("ack");
                // The work list is drawn again as the visitor's messages arrive: a click on a replaced row is tried
                // anew.
                wait.ignoring(StaleElementReferenceException.class).until(driver -> {
                    driver.findElement(By.cssSelector("#conversation-list button.accept"))
                            .click();
                    return true;
                });
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#transcript li .bubble-body"), "Is my parcel on its way?"));
                serious.addAll(Axe.serious(browser, "agent-workspace"));
                new Select(browser.findElement(By.id("quick-reply"))).selectByVisibleText("Parcel");
                assertThat(browser.findElement(By.id("reply-text")).getAttribute("value"))
                        .isEqualTo("Your parcel left our depot today.");
                Pages.screenshot(browser, "desk-quick-reply-inserted");
                browser.findElement(By.id("logout")).click();

                Pages.signIn(browser, wait, "sue", "supervisor-pw");
                wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#floor tr[data-agent='" + nia + "']")));
                serious.addAll(Axe.serious(browser, "supervisor-floor"));
                Pages.click(wait, By.cssSelector("#floor tr[data-agent='" + nia + "'] .agent-open"));
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#agent-day-work li")));
                serious.addAll(Axe.serious(browser, "supervisor-agent-day"));
                browser.findElement(By.id("agent-day-close")).click();
                assertThat(browser.findElement(By.id("quick-replies-admin")).isDisplayed())
                        .as("the admin's tools left with the admin")
                        .isFalse();
            } finally {
                browser.quit();
            }
            assertThat(serious)
                    .as("serious or critical axe-core violations (moderate ones too on the signed-out page)")
                    .isEmpty();
        }
    }
}

package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.agent.Agent;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** An admin manages agents and accounts in the page, in headless Chromium; the agent then signs in. */
class PeopleAdminBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void anAdminCreatesAndEditsAnAgentAndDisablesASupervisor() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "admin", TestConfigs.ADMIN_PASSWORD);
                WebElement agentForm = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-form")));

                Pages.fill(agentForm, "login", "nina");
                Pages.fill(agentForm, "displayName", "Nina");
                Pages.fill(agentForm, "sipInterface", "PJSIP/1005");
                Pages.fill(agentForm, "queues", "support:x");
                Pages.fill(agentForm, "password", "nina-password-1");
                agentForm.findElement(By.cssSelector("button[type='submit']")).click();
                wait.until(ExpectedConditions.textToBe(
                        By.id("people-result"), "write name:number pairs, e.g. support:0, sales:2"));

                Pages.fill(agentForm, "queues", "support:0, sales:2");
                Pages.fill(agentForm, "skills", "french:5");
                agentForm.findElement(By.cssSelector("button[type='submit']")).click();
                By nina = By.cssSelector("#agents tr[data-agent='nina'] td:nth-child(4)");
                wait.until(ExpectedConditions.textToBe(nina, "sales:2, support:0"));
                assertThat(browser.findElement(By.cssSelector("#agents tr[data-agent='nina'] td:nth-child(3)"))
                                .getText())
                        .isEqualTo("PJSIP/1005 (desk phone)");
                ApiClient.signIn(omniline, "nina", "nina-password-1").call("GET", "/api/me/conversations", null, 200);

                browser.findElement(By.cssSelector("#agents tr[data-agent='nina'] button"))
                        .click();
                wait.until(ExpectedConditions.textToBe(By.id("agent-form-title"), "Edit agent nina"));
                Pages.fill(agentForm, "displayName", "Nina Lopez");
                Pages.fill(agentForm, "queues", "billing:1");
                agentForm.findElement(By.cssSelector("button[type='submit']")).click();
                wait.until(ExpectedConditions.textToBe(nina, "billing:1"));
                Agent saved = db.repositories().agents().list().stream()
                        .filter(agent -> agent.login().equals("nina"))
                        .findFirst()
                        .orElseThrow();
                assertThat(saved.displayName()).isEqualTo("Nina Lopez");
                assertThat(saved.queues()).isEqualTo(Map.of("billing", 1));
                assertThat(saved.skills()).isEqualTo(Map.of("french", 5));

                WebElement staffForm = browser.findElement(By.id("staff-form"));
                Pages.fill(staffForm, "login", "sam");
                new Select(staffForm.findElement(By.name("role"))).selectByValue("supervisor");
                Pages.fill(staffForm, "password", "sam-password-1");
                staffForm.findElement(By.cssSelector("button")).click();
                By sam = By.cssSelector("#accounts tr[data-account='sam'] td:nth-child(3)");
                wait.until(ExpectedConditions.textToBe(sam, "enabled"));
                browser.findElement(By.cssSelector("#accounts tr[data-account='sam'] button.toggle"))
                        .click();
                wait.until(ExpectedConditions.textToBe(
                        By.id("confirm-text"),
                        "Disable the supervisor account sam? It is signed out everywhere at once and cannot sign in"
                                + " until an admin enables it again."));
                Pages.screenshot(browser, "admin-disable-account-question");
                browser.findElement(By.id("confirm-no")).click();
                assertThat(browser.findElement(By.cssSelector("#accounts tr[data-account='sam'] td:nth-child(3)"))
                                .getText())
                        .as("cancelled: nothing changed")
                        .isEqualTo("enabled");
                assertThat(disabled("sam")).isFalse();
                browser.findElement(By.cssSelector("#accounts tr[data-account='sam'] button.toggle"))
                        .click();
                wait.until(ExpectedConditions.textToBe(By.id("confirm-yes"), "Disable sam"));
                browser.findElement(By.id("confirm-yes")).click();
                wait.until(ExpectedConditions.textToBe(sam, "disabled"));
                assertThat(disabled("sam")).isTrue();
                assertThat(browser.findElement(By.id("people-result")).getText())
                        .isEqualTo("Saved sam and signed it out everywhere");

                // The tables sort by a click on a heading, and again the other way; a refill keeps the order.
                WebElement byLogin = browser.findElement(By.cssSelector("#accounts th:first-child button"));
                byLogin.click();
                assertThat(accountLogins(browser)).containsExactly("admin", "nina", "sam");
                byLogin.click();
                assertThat(accountLogins(browser)).containsExactly("sam", "nina", "admin");
                assertThat(browser.findElement(By.cssSelector("#accounts th:first-child"))
                                .getAttribute("aria-sort"))
                        .isEqualTo("descending");
                Pages.screenshot(browser.findElement(By.id("accounts")), "admin-accounts-sorted");

                browser.findElement(By.cssSelector("#accounts tr[data-account='nina'] button.toggle"))
                        .click();
                wait.until(ExpectedConditions.textToBe(
                        By.id("confirm-text"),
                        "Disable the agent account nina? It is signed out everywhere at once, leaves its queues, and"
                                + " cannot sign in until an admin enables it again."));
                browser.findElement(By.id("confirm-yes")).click();
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#accounts tr[data-account='nina'] td:nth-child(3)"), "disabled"));
                wait.ignoring(StaleElementReferenceException.class)
                        .until(driver -> accountLogins(browser).equals(List.of("sam", "nina", "admin")));
                assertThat(browser.findElement(By.id("people-result")).getText())
                        .startsWith(
                                "Saved nina and signed it out everywhere. Omniline is not connected to a phone system")
                        .doesNotContain("ami.enabled")
                        .contains("PJSIP/1005");

                browser.findElement(By.cssSelector("#accounts tr[data-account='admin'] button.toggle"))
                        .click();
                wait.until(ExpectedConditions.textToBe(By.id("confirm-yes"), "Disable admin"));
                browser.findElement(By.id("confirm-yes")).click();
                wait.until(
                        ExpectedConditions.textToBe(By.id("people-result"), "account admin is the last enabled admin"));
            } finally {
                browser.quit();
            }
        }
    }

    private static List<String> accountLogins(ChromeDriver browser) {
        return browser.findElements(By.cssSelector("#accounts tbody tr")).stream()
                .map(row -> row.getAttribute("data-account"))
                .toList();
    }

    private static boolean disabled(String login) {
        return db.repositories()
                .accounts()
                .credentials(login)
                .orElseThrow()
                .account()
                .disabled();
    }
}

package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** An admin reads the audit log in the page, in headless Chromium: in words, filtered, a page at a time. */
class AuditLogBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void anAdminReadsWhoChangedWhatAndWhenFilteredAndOlderPagesOnRequest() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            ApiClient admin = ApiClient.admin(omniline);
            for (int reply = 1; reply <= 55; reply++) {
                admin.call(
                        "POST", "/api/quick-replies", "{\"title\": \"Reply " + reply + "\", \"body\": \"text\"}", 201);
            }
            admin.call(
                    "POST",
                    "/api/accounts",
                    "{\"login\": \"sam\", \"password\": \"sam-password-1\", \"role\": \"supervisor\"}",
                    201);
            ChromeDriver browser = HeadlessChromium.start();
            try {
                browser.manage().window().setSize(new Dimension(1300, 1100));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "admin", TestConfigs.ADMIN_PASSWORD);
                wait.until(ExpectedConditions.textToBe(
                        By.cssSelector("#audit tbody tr:first-child .summary"), "Created the supervisor account sam"));
                assertThat(summaries(browser)).hasSize(50).contains("Added the quick reply \u201cReply 55\u201d");
                String when = browser.findElement(By.cssSelector("#audit tbody tr:first-child td:first-child"))
                        .getText();
                Object local = browser.executeScript(
                        "return new Intl.DateTimeFormat(undefined, {year: 'numeric', month: 'short', day: 'numeric',"
                                + " hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short'})"
                                + ".format(new Date(arguments[0]))",
                        browser.findElement(By.cssSelector("#audit tbody tr:first-child td:first-child"))
                                .getAttribute("data-sort"));
                assertThat(when)
                        .as("the time in the browser's language and zone")
                        .isEqualTo(local);
                assertThat(browser.findElement(By.cssSelector("#audit tbody tr:first-child td:nth-child(2)"))
                                .getText())
                        .isEqualTo("admin");
                Pages.screenshot(browser.findElement(By.id("audit-admin")), "audit-log");

                Pages.click(wait, By.id("audit-more"));
                wait.until(driver -> summaries(browser).size() > 50);
                assertThat(summaries(browser)).contains("Added the quick reply \u201cReply 1\u201d");

                WebElement form = browser.findElement(By.id("audit-form"));
                new Select(form.findElement(By.name("what"))).selectByValue("account");
                form.findElement(By.name("who")).sendKeys("admin");
                form.findElement(By.cssSelector("button[type='submit']")).click();
                wait.until(driver -> summaries(browser).equals(List.of("Created the supervisor account sam")));
                assertThat(browser.findElement(By.id("audit-more")).isDisplayed())
                        .isFalse();

                form.findElement(By.name("who")).clear();
                form.findElement(By.name("who")).sendKeys("nobody");
                form.findElement(By.cssSelector("button[type='submit']")).click();
                wait.until(ExpectedConditions.textToBe(By.id("audit-result"), "No change matches."));
                assertThat(summaries(browser)).isEmpty();

                form.findElement(By.name("who")).clear();
                browser.executeScript(
                        "arguments[0].from.value = '2026-12-02T10:00'; arguments[0].to.value = '2026-12-01T10:00'",
                        form);
                form.findElement(By.cssSelector("button[type='submit']")).click();
                wait.until(ExpectedConditions.textToBe(
                        By.id("audit-to-problem"), "The end of the period must be after its start."));
                Pages.screenshot(form, "audit-log-refused");
            } finally {
                browser.quit();
            }
        }
    }

    private static List<String> summaries(ChromeDriver browser) {
        return browser.findElements(By.cssSelector("#audit tbody .summary")).stream()
                .map(WebElement::getText)
                .toList();
    }
}

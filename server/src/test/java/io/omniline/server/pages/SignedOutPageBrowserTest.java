package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An agent's desktop open in Chromium (whose handshake carries the page's own Origin) shows the
 * sign-in form by itself once an admin disables the account, without anyone touching the page.
 */
class SignedOutPageBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theDesktopOfADisabledAgentSignsItselfOut() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            long rosa = db.repositories()
                    .agents()
                    .create("rosa", "Rosa", null, Map.of(), Map.of("chat", 0), "test")
                    .id();
            ApiClient.as(omniline, db.repositories(), "rosa", AccountRole.agent, rosa);
            ApiClient admin = ApiClient.admin(omniline);
            long account = db.repositories()
                    .accounts()
                    .credentials("rosa")
                    .orElseThrow()
                    .account()
                    .id();
            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://localhost:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "rosa", "rosa");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));

                admin.call("PUT", "/api/accounts/" + account, "{\"disabled\": true}", 200);

                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
                assertThat(browser.findElement(By.id("desktop")).isDisplayed()).isFalse();
            } finally {
                browser.quit();
            }
        }
    }
}

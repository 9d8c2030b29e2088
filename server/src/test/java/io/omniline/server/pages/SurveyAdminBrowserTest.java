package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.audit.AuditEntry;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin turns the survey after calls on for a queue in its settings, and finds the shipped
 * survey flow in the designer with its rating node's form, in headless Chromium.
 */
class SurveyAdminBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void anAdminTurnsTheSurveyOnForAQueueAndSeesTheSurveyFlowsRatingNode() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            ChromeDriver browser = HeadlessChromium.start();
            try {
                browser.manage().window().setSize(new Dimension(1500, 1300));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "admin", TestConfigs.ADMIN_PASSWORD);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("queue-settings-admin")));
                By support = By.cssSelector("#queue-settings tr[data-queue='support'] input[type='checkbox']");
                WebElement box = wait.until(ExpectedConditions.elementToBeClickable(support));
                assertThat(box.isSelected())
                        .as("off until an admin turns it on")
                        .isFalse();

                box.click();
                wait.until(ExpectedConditions.textToBe(By.id("queue-settings-result"), "Surveys on in support"));
                Pages.screenshot(browser.findElement(By.id("queue-settings-admin")), "admin-queue-settings-survey-on");
                assertThat(db.repositories().queueSettings().surveysEnabled("support"))
                        .isTrue();
                assertThat(db.repositories().queueSettings().surveysEnabled("sales"))
                        .isFalse();
                assertThat(db.repositories().auditLog().forEntity("queue_setting", "support"))
                        .extracting(AuditEntry::actor, AuditEntry::action)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("admin", "queue.settings"));

                wait.until(ExpectedConditions.elementToBeClickable(
                                By.cssSelector("#flow-list button[data-flow='survey']")))
                        .click();
                wait.until(ExpectedConditions.textToBe(By.id("flow-name"), "survey"));
                By keep = By.cssSelector("#canvas-host .node[data-node='keep']");
                wait.ignoring(StaleElementReferenceException.class).until(driver -> {
                    WebElement block = driver.findElement(keep);
                    browser.executeScript("arguments[0].focus()", block);
                    driver.findElement(keep).click();
                    return true;
                });
                WebElement from = wait.until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#side-panel [name='from']")));
                assertThat(from.getAttribute("value")).isEqualTo("score");
                assertThat(browser.findElement(By.id("problems")).getText()).doesNotContain("keep");
                Pages.screenshot(browser, "flow-designer-survey-rating-node");
            } finally {
                browser.quit();
            }
        }
    }
}

package io.omniline.server.reports;

import static io.omniline.server.reports.HandMadeContacts.Contact.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.interaction.Channel;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.PasswordHasher;
import io.omniline.server.pages.Pages;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The service-channel matrix on the reports page: a customer who called about billing and came
 * back for it by chat shades the phone cell, and a cell's figure opens into its contacts.
 */
class ServiceChannelMatrixBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    @Test
    void aSupervisorSeesWhereCustomersSwitchChannelAndOpensACell() throws Exception {
        long amy = db.repositories()
                .agents()
                .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "t")
                .id();
        long carol = db.repositories()
                .customers()
                .create("Carol", Map.of(), List.of())
                .id();
        HandMadeContacts contacts = new HandMadeContacts(db.dsl(), ZoneOffset.UTC);
        long call = contacts.add(call(DAY.atTime(9, 0))
                .queued("support", 15)
                .answered(amy, 10, 100, 20)
                .of(carol)
                .disposition("billing"));
        contacts.add(call(DAY.atTime(11, 0))
                .on(Channel.chat)
                .queued("chat", 0)
                .answered(amy, 5, 60, 0)
                .of(carol)
                .disposition("billing"));
        db.repositories()
                .accounts()
                .create("sam", new PasswordHasher(4).hash("supervisor-pw"), AccountRole.supervisor, null, "test");

        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()), TestConfigs.OPENING_HOURS)) {
            ChromeDriver browser = HeadlessChromium.start();
            try {
                browser.manage().window().setSize(new Dimension(1500, 1400));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "sam", "supervisor-pw");
                wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#report-measures input[value='switched-channel']")));
                WebElement form = browser.findElement(By.id("report-form"));
                browser.executeScript(
                        "arguments[0].value = '2026-11-24'; arguments[1].value = '2026-11-25';",
                        form.findElement(By.name("from")),
                        form.findElement(By.name("to")));
                browser.findElement(By.id("matrix-run")).click();

                WebElement phone = wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.xpath("//table[@id='matrix-table']//tr[th='billing']/td[@data-channel='voice']")));
                assertThat(browser.findElements(By.cssSelector("#matrix-table thead th")).stream()
                                .map(WebElement::getText)
                                .toList())
                        .containsExactly("Contact reason", "Phone call", "Web chat");
                assertThat(phone.getText())
                        .isEqualTo(
                                "Offered\n1\nAverage handle time\n120.0 s\nFirst-contact resolution\n0.0 %\nCSAT\n—\n"
                                        + "Switched channel\n100.0 %");
                assertThat(phone.getAttribute("class")).isEqualTo("switch-3");
                WebElement chat = browser.findElement(
                        By.xpath("//table[@id='matrix-table']//tr[th='billing']/td[@data-channel='chat']"));
                assertThat(chat.getAttribute("class")).isEmpty();
                assertThat(browser.findElement(By.cssSelector("#matrix-table dt"))
                                .getAttribute("title"))
                        .startsWith("contacts that reached a queue");
                Pages.screenshot(browser.findElement(By.id("matrix")), "reports-service-channel-matrix");

                phone.findElement(By.cssSelector("button[data-measure='switched-channel']"))
                        .click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("report-drill-title"), "Switched channel — billing · Phone call: 1 contact"));
                assertThat(browser.findElements(By.cssSelector("#report-contacts tbody tr td:first-child")).stream()
                                .map(WebElement::getText)
                                .toList())
                        .containsExactly(String.valueOf(call));
                Pages.screenshot(
                        browser.findElement(By.id("report-drill")), "reports-service-channel-matrix-drill-down");
            } finally {
                browser.quit();
            }
        }
    }
}

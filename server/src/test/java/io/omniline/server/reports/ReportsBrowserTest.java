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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reports page in headless Chromium: a supervisor picks a period, a grouping and measures,
 * reads the table with each formula, opens a figure into its contacts and downloads the CSV; then
 * compares with the previous period and opens one of its figures.
 */
class ReportsBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    @Test
    void aSupervisorRunsAReportOpensAFigureAndDownloadsTheCsv() throws Exception {
        long amy = db.repositories()
                .agents()
                .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "t")
                .id();
        HandMadeContacts contacts = new HandMadeContacts(db.dsl(), ZoneOffset.UTC);
        long quick = contacts.add(call(DAY.atTime(9, 0)).queued("support", 15).answered(amy, 10, 100, 20));
        long slow = contacts.add(call(DAY.atTime(9, 30)).queued("support", 15).answered(amy, 30, 200, 40));
        contacts.add(call(DAY.atTime(10, 0)).queued("support", 15).abandoned(40));
        contacts.add(call(DAY.atTime(11, 0)).on(Channel.chat).queued("chat", 0).answered(amy, 5, 60, 10));
        long dayBefore = contacts.add(
                call(DAY.minusDays(1).atTime(9, 10)).queued("support", 15).answered(amy, 10, 90, 20));
        db.repositories()
                .accounts()
                .create("sam", new PasswordHasher(4).hash("supervisor-pw"), AccountRole.supervisor, null, "test");
        // The slow call's caller rated it 3 and recorded a comment after the rating.
        db.repositories()
                .csatSurveys()
                .answer(slow, "voice", 3, null, DAY.atTime(9, 40).toInstant(ZoneOffset.UTC));
        db.repositories().csatSurveys().keepCommentRecording(slow, io.omniline.db.csat.SurveyCommentName.next(slow));

        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()), TestConfigs.OPENING_HOURS)) {
            ChromeDriver browser = HeadlessChromium.start();
            try {
                // Tall and wide enough for the chart and the whole compared table in one screenshot.
                browser.manage().window().setSize(new Dimension(1500, 1400));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "sam", "supervisor-pw");
                wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#report-measures input[value='service-level']")));
                assertThat(browser.findElement(By.id("report-formulas")).getText())
                        .contains(
                                "answered within the service-level threshold ÷ (answered + abandoned in queue after the"
                                        + " short-abandon threshold)");

                WebElement form = browser.findElement(By.id("report-form"));
                browser.executeScript(
                        "arguments[0].value = '2026-11-24'; arguments[1].value = '2026-11-25';",
                        form.findElement(By.name("from")),
                        form.findElement(By.name("to")));
                new Select(form.findElement(By.name("interval"))).selectByValue("hour");
                new Select(form.findElement(By.name("group"))).selectByValue("queue");
                form.findElement(By.cssSelector("button[type='submit']")).click();

                By supportAt9 =
                        By.xpath("//table[@id='report-table']//tr[td[1]='2026-11-24 09:00' and td[2]='support']");
                WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(supportAt9));
                List<String> headers = browser.findElements(By.cssSelector("#report-table thead th")).stream()
                        .map(WebElement::getText)
                        .toList();
                assertThat(headers)
                        .startsWith(
                                "Interval (UTC)",
                                "Group",
                                "Offered",
                                "Answered",
                                "Abandoned in queue",
                                "Service level");
                assertThat(browser.findElement(By.cssSelector("#report-table thead th abbr"))
                                .getAttribute("title"))
                        .startsWith("contacts that reached a queue");
                List<String> cells = row.findElements(By.tagName("td")).stream()
                        .map(WebElement::getText)
                        .toList();
                assertThat(cells.subList(2, 6)).containsExactly("2", "2", "0", "50.0 %");
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#report-chart .uplot")));
                Pages.screenshot(browser.findElement(By.id("report-output")), "reports-table-and-chart");

                row.findElement(By.cssSelector("button[data-measure='answered']"))
                        .click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("report-drill")));
                List<String> ids =
                        browser.findElements(By.cssSelector("#report-contacts tbody tr td:first-child")).stream()
                                .map(WebElement::getText)
                                .toList();
                assertThat(ids).containsExactly(String.valueOf(quick), String.valueOf(slow));
                assertThat(column(browser, 2))
                        .as("the channel in words, not its stored code")
                        .containsExactly("Phone call", "Phone call");
                assertThat(column(browser, 5)).containsExactly("completed", "completed");
                assertThat(browser.findElement(By.id("report-drill-formula")).getText())
                        .isEqualTo("offered contacts an agent answered");
                assertThat(
                                browser
                                        .findElements(By.cssSelector("#report-contacts tbody tr td:last-child button"))
                                        .stream()
                                        .map(WebElement::getText)
                                        .toList())
                        .as("only the contact with a recorded comment has a play control, beside its score")
                        .containsExactly("Play comment");
                assertThat(column(browser, 9)).first().isEqualTo("");
                assertThat(column(browser, 9).get(1)).startsWith("3 ");
                Pages.screenshot(browser.findElement(By.id("reports")), "reports-drill-down");

                By supportAt10 =
                        By.xpath("//table[@id='report-table']//tr[td[1]='2026-11-24 10:00' and td[2]='support']");
                browser.findElement(supportAt10)
                        .findElement(By.cssSelector("button[data-measure='abandoned-in-queue']"))
                        .click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("report-drill-title"), "Abandoned in queue"));
                assertThat(column(browser, 5))
                        .as("how the contact ended in words, not its stored code")
                        .containsExactly("caller hung up while waiting");

                String csv = (String) browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('report-csv').href).then(r => r.text()).then(done);");
                assertThat(csv)
                        .startsWith("interval,group,Offered,Answered,")
                        .contains("2026-11-24T09:00,support,2.00,2.00,0.00,50.00,")
                        .contains("Service level,answered within the service-level threshold");

                form.findElement(By.name("compare")).click();
                form.findElement(By.cssSelector("button[type='submit']")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#report-table thead"), "Compared with"));
                WebElement compared = wait.until(ExpectedConditions.presenceOfElementLocated(supportAt9));
                List<String> comparedCells = compared.findElements(By.tagName("td")).stream()
                        .map(WebElement::getText)
                        .toList();
                assertThat(comparedCells.get(2)).isEqualTo("2026-11-23 09:00");
                // Offered 2 against 1 the day before; service level 50 % against 100 %.
                assertThat(comparedCells.get(3)).isEqualTo("2\nwas 1 (+1)");
                assertThat(comparedCells.get(6)).isEqualTo("50.0 %\nwas 100.0 % (−50.0 points)");
                assertThat(browser.findElement(By.id("report-notes")).getText())
                        .contains("Compared with 2026-11-23 00:00 to 2026-11-24 00:00");
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#report-chart .uplot")));
                assertThat(browser.findElement(By.id("report-chart")).getText()).contains("support (previous period)");
                Pages.screenshot(browser.findElement(By.id("report-output")), "reports-compared-with-previous-period");

                compared.findElement(By.cssSelector(".was button[data-measure='answered']"))
                        .click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("report-drill-title"), "(previous period)"));
                assertThat(browser.findElements(By.cssSelector("#report-contacts tbody tr td:first-child")).stream()
                                .map(WebElement::getText)
                                .toList())
                        .containsExactly(String.valueOf(dayBefore));
                assertThat(browser.findElement(By.id("report-drill-title")).getText())
                        .isEqualTo("Answered — support, 2026-11-23 09:00 (previous period): 1 contact");
                Pages.screenshot(browser.findElement(By.id("report-drill")), "reports-previous-period-drill-down");
            } finally {
                browser.quit();
            }
        }
    }

    /** The texts of one column of the drill-down's contacts, counted from 1. */
    private static List<String> column(ChromeDriver browser, int index) {
        return browser.findElements(By.cssSelector("#report-contacts tbody tr td:nth-child(" + index + ")")).stream()
                .map(WebElement::getText)
                .toList();
    }
}

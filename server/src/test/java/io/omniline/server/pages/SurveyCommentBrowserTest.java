package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.csat.SurveyCommentName;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.PasswordHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent serving a caller sees, in the customer's history, how the caller rated an earlier call
 * and plays the comment they recorded after rating it; a comment the server cannot give says so in
 * words where the player was.
 */
class SurveyCommentBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path comments;

    @Test
    void anAgentSeesTheRatingAndPlaysTheCallersCommentFromTheCustomersHistory() throws Exception {
        try (Omniline omniline = Omniline.start(
                TestConfigs.withSurveyComments(TestConfigs.forDatabase(db.settings()), comments.toString()),
                TestConfigs.OPENING_HOURS)) {
            long eve = db.repositories()
                    .agents()
                    .create("eve", "Eve", "PJSIP/1401", Map.of(), Map.of("support", 0), "test")
                    .id();
            db.repositories()
                    .accounts()
                    .create("eve", new PasswordHasher(4).hash("agent-eve-pw"), AccountRole.agent, eve, "test");
            long customer = db.repositories()
                    .customers()
                    .create("Ada Lind", Map.of(), List.of(new IdentityNormalizer("US").phone("+15557770401")))
                    .id();
            long rated = ratedCall(customer, "1800000401.1", 4);
            String name = SurveyCommentName.next(rated);
            Files.copy(
                    Path.of("../asterisk-conf/sounds/en/omniline/survey-thanks.wav"), comments.resolve(name + ".wav"));
            db.repositories().csatSurveys().keepCommentRecording(rated, name);
            long gone = ratedCall(customer, "1800000402.1", 2);
            db.repositories().csatSurveys().keepCommentRecording(gone, SurveyCommentName.next(gone));
            InteractionRepository interactions = db.repositories().interactions();
            Interaction now = interactions.open(
                    NewInteraction.inboundCall("1800000403.1", "1800000403.1", customer, "+15557770401"));
            interactions.queue(now.id(), "support", 0);
            interactions.answerCall(now.id(), eve, 4);

            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "eve", "agent-eve-pw");
                By recent = By.cssSelector("#recent button[data-interaction='" + rated + "']");
                wait.until(ExpectedConditions.elementToBeClickable(recent)).click();
                By entry = By.xpath("//ul[@id='history-list']/li[button[@data-interaction='" + rated + "']]");
                By play = By.xpath("//ul[@id='history-list']/li[button[@data-interaction='" + rated
                        + "']]/button[text()=\"Play the caller's comment\"]");
                wait.until(ExpectedConditions.elementToBeClickable(play));
                assertThat(browser.findElement(entry)
                                .findElement(By.className("timeline-rating"))
                                .getText())
                        .isEqualTo("Rated 4 of 5");
                browser.executeScript("document.getElementById('history').scrollIntoView()");
                Pages.screenshot(browser, "desktop-survey-comment-in-history");

                browser.findElement(play).click();
                By audio = By.cssSelector("#history-list audio");
                wait.until(ExpectedConditions.presenceOfElementLocated(audio));
                wait.until(driver -> ((Number)
                                        browser.executeScript(
                                                "var a = document.querySelector('#history-list audio'); return a.error ? -1 : a.readyState;"))
                                .intValue()
                        >= 1);
                assertThat(browser.executeScript("return document.querySelector('#history-list audio').duration"))
                        .as("the comment was served and decoded")
                        .satisfies(duration ->
                                assertThat(((Number) duration).doubleValue()).isPositive());
                assertThat(browser.findElement(audio).getAttribute("aria-label"))
                        .startsWith("Survey comment on");

                By missing = By.xpath("//ul[@id='history-list']/li[button[@data-interaction='" + gone
                        + "']]/button[text()=\"Play the caller's comment\"]");
                browser.findElement(missing).click();
                By words = By.xpath(
                        "//ul[@id='history-list']/li[button[@data-interaction='" + gone + "']]/span[@class='error']");
                wait.until(ExpectedConditions.visibilityOfElementLocated(words));
                assertThat(browser.findElement(words).getText())
                        .isEqualTo("This comment cannot be played: it is not in the comment folder Omniline reads"
                                + " (not copied yet, or deleted)");
                browser.executeScript("document.getElementById('history').scrollIntoView()");
                Pages.screenshot(browser, "desktop-survey-comment-playing");
            } finally {
                browser.quit();
            }
        }
    }

    /** An ended call whose caller rated it, as the survey handler leaves it. */
    private static long ratedCall(long customer, String uniqueId, int score) {
        InteractionRepository interactions = db.repositories().interactions();
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId, uniqueId, customer, "+15557770401"));
        long id = interactions.end(call.id(), InteractionOutcome.completed).id();
        db.repositories().csatSurveys().offer(id, "voice", Instant.now());
        db.repositories().csatSurveys().answer(id, "voice", score, null, Instant.now());
        return id;
    }
}

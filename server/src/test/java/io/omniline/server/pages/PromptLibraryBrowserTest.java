package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.prompts.Recordings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin works the prompt library page in headless Chromium: sees which flows play each prompt,
 * sorts and filters, listens, uploads (refusals beside the field, in words) and deletes after a
 * question that names what goes, refused while a flow plays the prompt.
 */
class PromptLibraryBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Omniline omniline;
    private static ApiClient admin;
    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @TempDir
    static Path files;

    @BeforeAll
    static void start() throws Exception {
        omniline = Omniline.start(TestConfigs.forDatabase(db.settings()));
        admin = ApiClient.admin(omniline);
        admin.sendBytes("PUT", "/api/prompts/audio?name=promo/used&language=en", Recordings.stereoWav(8000), null);
        admin.call(
                "POST",
                "/api/flows",
                "{\"name\": \"promo-line\", \"definition\": {\"start\": \"hello\", \"nodes\": {\"hello\": "
                        + "{\"type\": \"hangup\", \"prompt\": \"promo/used\"}}}}",
                201);
        browser = HeadlessChromium.start();
        browser.manage().window().setSize(new Dimension(1400, 1200));
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
        Pages.signIn(browser, wait, "admin", TestConfigs.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(row("promo/used", "en")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        omniline.close();
    }

    @Test
    void eachPromptSaysWhichFlowsAndNodesPlayItAndTheTableSortsAndFilters() throws Exception {
        assertThat(cell("promo/used", "en", 5)).isEqualTo("promo-line (draft) at node hello");
        assertThat(cell("promo/used", "en", 4)).isEqualTo("1 s");
        assertThat(cell("promo/used", "en", 6)).startsWith("uploaded by admin, ");
        assertThat(cell("omniline/welcome", "es", 6)).isEqualTo("ships with Omniline");
        assertThat(browser.findElements(By.cssSelector(
                        "#prompts tr[data-prompt='omniline/welcome'][data-language='es'] button.delete")))
                .as("a shipped prompt offers no deletion: it would come back at the next start")
                .isEmpty();

        WebElement filter = browser.findElement(By.id("prompt-filter"));
        filter.sendKeys("promo-line");
        wait.until(ExpectedConditions.textToBe(By.id("prompt-filter-count"), "1 of " + rowCount() + " shown"));
        assertThat(shownNames()).containsExactly("promo/used");
        Pages.screenshot(browser.findElement(By.id("prompt-library-admin")), "prompt-library-filtered");
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        wait.until(ExpectedConditions.textToBe(By.id("prompt-filter-count"), rowCount() + " recordings"));

        WebElement byLength = browser.findElement(By.cssSelector("#prompts th:nth-child(4) button"));
        byLength.click();
        assertThat(lengthsInMs()).isSorted();
        byLength.click();
        assertThat(lengthsInMs()).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(browser.findElement(By.cssSelector("#prompts th:nth-child(4)"))
                        .getAttribute("aria-sort"))
                .isEqualTo("descending");
        Pages.screenshot(browser.findElement(By.id("prompt-library-admin")), "prompt-library");
    }

    @Test
    void thePlayButtonStreamsTheRecordingIntoThePagesPlayer() throws Exception {
        Pages.click(
                wait, By.cssSelector("#prompts tr[data-prompt='omniline/welcome'][data-language='es'] button.play"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("prompt-playing"), "Playing omniline/welcome (es)"));
        wait.until(
                driver -> ((Number) browser.executeScript("return document.getElementById('prompt-player').readyState"))
                                .intValue()
                        >= 1);
        assertThat(((Number) browser.executeScript("return document.getElementById('prompt-player').duration"))
                        .doubleValue())
                .isPositive();
    }

    @Test
    void anUploadIsRefusedBesideTheFieldInWordsUntilItIsARecordingWithAGoodName() throws Exception {
        WebElement form = browser.findElement(By.id("prompt-upload-form"));
        Path priceList = Files.writeString(files.resolve("price-list.wav"), "%PDF-1.7 a price list");
        Pages.fill(form, "name", "promo/spring");
        form.findElement(By.name("recording")).sendKeys(priceList.toString());
        form.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.textToBe(
                By.id("prompt-recording-problem"),
                "the file is not a WAV or MP3 recording; upload a WAV or MP3 file of at most 5 minutes"));
        Path damaged = Files.write(
                files.resolve("damaged.wav"),
                "RIFF\0\0\0\0WAVEgarbage that is no chunk".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        form.findElement(By.name("recording")).sendKeys(damaged.toString());
        form.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.textToBe(
                By.id("prompt-recording-problem"),
                "the file starts like a WAV or MP3 recording but cannot be read as audio;"
                        + " upload a PCM, μ-law or A-law WAV file or an MP3 file"));
        Pages.screenshot(form, "prompt-library-upload-not-audio");

        assertThat(browser.findElement(By.id("prompt-upload-limits")).getText())
                .as("the limits the server takes, read from it")
                .isEqualTo("50 MiB and 5 minutes");
        Path huge = files.resolve("huge.wav");
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            sparse.setLength(51L * 1024 * 1024);
        }
        form.findElement(By.name("recording")).sendKeys(huge.toString());
        form.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(
                ExpectedConditions.textToBe(
                        By.id("prompt-recording-problem"),
                        "This file is 51 MiB; a recording can be at most 50 MiB. Shorten it, or save it as MP3 or as mono WAV."));
        Pages.screenshot(form, "prompt-library-upload-too-large");

        Path tone = Files.write(files.resolve("spring.wav"), Recordings.stereoWav(16000));
        Pages.fill(form, "name", "Promo Spring");
        form.findElement(By.name("recording")).sendKeys(tone.toString());
        form.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("prompt-name-problem"), "prompt name \"Promo Spring\" must be lowercase letters"));
        assertThat(browser.findElement(By.id("prompt-recording-problem")).getText())
                .isEmpty();
        Pages.screenshot(form, "prompt-library-upload-refused");

        Pages.fill(form, "name", "promo/spring");
        Pages.fill(form, "words", "Our spring sale is on");
        form.findElement(By.name("recording")).sendKeys(tone.toString());
        form.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.textToBe(
                By.id("prompt-result"), "Uploaded promo/spring (en), 1 s; flows can play it now."));
        wait.until(ExpectedConditions.visibilityOfElementLocated(row("promo/spring", "en")));
        assertThat(cell("promo/spring", "en", 3)).isEqualTo("Our spring sale is on");
        assertThat(cell("promo/spring", "en", 5)).isEqualTo("no flow");
        assertThat(browser.findElement(By.id("prompt-name-problem")).getText()).isEmpty();
    }

    @Test
    void aDeletionNamesWhatGoesAndIsRefusedNamingTheFlowsWhileOneStillPlaysThePrompt() throws Exception {
        admin.sendBytes("PUT", "/api/prompts/audio?name=promo/old&language=en", Recordings.stereoWav(8000), null);
        admin.sendBytes("PUT", "/api/prompts/audio?name=promo/used&language=es", Recordings.stereoWav(8000), null);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(row("promo/old", "en")));

        Pages.click(wait, By.cssSelector("#prompts tr[data-prompt='promo/old'][data-language='en'] button.delete"));
        WebElement question = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-text")));
        assertThat(question.getText()).isEqualTo("Delete promo/old (en), its only recording? No flow plays it.");
        Pages.screenshot(browser, "prompt-library-delete-question");
        browser.findElement(By.id("confirm-no")).click();
        assertThat(browser.findElements(row("promo/old", "en"))).hasSize(1);
        assertThat(status("promo/old")).isEqualTo(200);

        Pages.click(wait, By.cssSelector("#prompts tr[data-prompt='promo/old'][data-language='en'] button.delete"));
        wait.until(ExpectedConditions.textToBe(By.id("confirm-yes"), "Delete promo/old (en)"));
        browser.findElement(By.id("confirm-yes")).click();
        wait.until(ExpectedConditions.textToBe(By.id("prompt-result"), "Deleted promo/old (en)"));
        wait.until(ExpectedConditions.numberOfElementsToBe(row("promo/old", "en"), 0));
        assertThat(status("promo/old")).isEqualTo(404);

        Pages.click(wait, By.cssSelector("#prompts tr[data-prompt='promo/used'][data-language='es'] button.delete"));
        wait.until(ExpectedConditions.textToBe(
                By.id("confirm-text"),
                "Delete the es recording of promo/used? The recordings in en stay; callers in es hear one of those"
                        + " instead."));
        browser.findElement(By.id("confirm-yes")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(row("promo/used", "es"), 0));

        Pages.click(wait, By.cssSelector("#prompts tr[data-prompt='promo/used'][data-language='en'] button.delete"));
        wait.until(ExpectedConditions.textToBe(
                By.id("prompt-result"),
                "promo/used cannot be deleted: promo-line (draft) at node hello plays it. Change those flows first."));
        assertThat(browser.findElement(By.id("confirm-dialog")).isDisplayed()).isFalse();
        assertThat(status("promo/used")).isEqualTo(200);
        Pages.screenshot(browser.findElement(By.id("prompt-library-admin")), "prompt-library-delete-refused");
    }

    private static int status(String englishPrompt) throws Exception {
        return admin.sendBytes("GET", "/api/prompts/audio?name=" + englishPrompt + "&language=en", null, null)
                .statusCode();
    }

    private static By row(String name, String language) {
        return By.cssSelector("#prompts tr[data-prompt='" + name + "'][data-language='" + language + "']");
    }

    private static String cell(String name, String language, int column) {
        return browser.findElement(By.cssSelector("#prompts tr[data-prompt='" + name + "'][data-language='" + language
                        + "'] td:nth-child(" + column + ")"))
                .getText();
    }

    private static int rowCount() {
        return browser.findElements(By.cssSelector("#prompts tbody tr")).size();
    }

    private static List<Integer> lengthsInMs() {
        return browser.findElements(By.cssSelector("#prompts tbody td:nth-child(4)")).stream()
                .map(cell -> Integer.valueOf(cell.getAttribute("data-sort")))
                .toList();
    }

    private static List<String> shownNames() {
        return browser.findElements(By.cssSelector("#prompts tbody tr")).stream()
                .filter(WebElement::isDisplayed)
                .map(row -> row.getAttribute("data-prompt"))
                .toList();
    }
}

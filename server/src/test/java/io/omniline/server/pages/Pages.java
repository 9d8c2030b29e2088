package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WrapsDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests do on Omniline's pages. */
public final class Pages {

    private Pages() {}

    /** Keeps what the page looks like now in target/screenshots, to be looked at by a person. */
    public static void screenshot(ChromeDriver browser, String name) throws IOException {
        save(name, browser.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * The same for one part of the page, scrolled into view first: Chromium crops an element's
     * picture to the viewport, so a part below the fold came out as a strip. A picture shorter than
     * the part fails the test rather than being kept.
     */
    public static void screenshot(WebElement part, String name) throws IOException {
        JavascriptExecutor page = (JavascriptExecutor) ((WrapsDriver) part).getWrappedDriver();
        page.executeScript("arguments[0].scrollIntoView({block: 'start'})", part);
        byte[] png = part.getScreenshotAs(OutputType.BYTES);
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(png));
        double scale = ((Number) page.executeScript("return window.devicePixelRatio")).doubleValue();
        long viewport = ((Number) page.executeScript("return window.innerHeight")).longValue();
        assertThat(picture.getHeight())
                .as("the picture of %s shows all of it (or a whole screen of it)", name)
                .isGreaterThanOrEqualTo((int) Math.floor(Math.min(part.getSize().getHeight(), viewport) * scale) - 1);
        save(name, png);
    }

    /** What the page looks like on a wall screen (1920×1080), a laptop (1366×768) and a narrow screen (1024×768). */
    public static void screenshotAtEachSize(ChromeDriver browser, String name) throws IOException {
        Dimension before = browser.manage().window().getSize();
        for (Dimension size : List.of(new Dimension(1920, 1080), new Dimension(1366, 768), new Dimension(1024, 768))) {
            browser.manage().window().setSize(size);
            screenshot(browser, name + "-" + size.getWidth() + "x" + size.getHeight());
        }
        browser.manage().window().setSize(before);
    }

    private static void save(String name, byte[] png) throws IOException {
        Path folder = Path.of("target", "screenshots");
        Files.createDirectories(folder);
        Files.write(folder.resolve(name + ".png"), png);
    }

    /**
     * Clicks what {@code target} finds once it can be clicked, finding it again when the page
     * redrew it in between (tables that refresh on a poll replace their rows' buttons), and again
     * when something still loading moved another element over it at the moment of the click.
     */
    public static void click(WebDriverWait wait, By target) {
        wait.ignoring(StaleElementReferenceException.class)
                .ignoring(ElementClickInterceptedException.class)
                .until(browser -> {
                    WebElement element =
                            ExpectedConditions.elementToBeClickable(target).apply(browser);
                    if (element == null) {
                        return false;
                    }
                    element.click();
                    return true;
                });
    }

    /** The text of what {@code target} finds, found again when a poll redrew it while it was read. */
    public static String text(WebDriverWait wait, By target) {
        return wait.ignoring(StaleElementReferenceException.class)
                .until(browser -> browser.findElement(target).getText());
    }

    /** An attribute of what {@code target} finds, found again when a poll redrew it while it was read. */
    public static String attribute(WebDriverWait wait, By target, String name) {
        return wait.ignoring(StaleElementReferenceException.class)
                .until(browser -> String.valueOf(browser.findElement(target).getAttribute(name)));
    }

    /** Types a new value into a form's field, replacing what it held. */
    public static void fill(WebElement form, String field, String value) {
        WebElement input = form.findElement(By.name(field));
        input.clear();
        input.sendKeys(value);
    }

    public static void signIn(ChromeDriver browser, WebDriverWait wait, String login, String password) {
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        WebElement loginField = form.findElement(By.name("login"));
        WebElement passwordField = form.findElement(By.name("password"));
        loginField.clear();
        loginField.sendKeys(login);
        passwordField.clear();
        passwordField.sendKeys(password);
        form.findElement(By.cssSelector("button")).click();
    }
}

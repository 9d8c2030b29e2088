package io.omniline.server.pages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
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

    /** The same for one part of the page. */
    public static void screenshot(WebElement part, String name) throws IOException {
        save(name, part.getScreenshotAs(OutputType.BYTES));
    }

    private static void save(String name, byte[] png) throws IOException {
        Path folder = Path.of("target", "screenshots");
        Files.createDirectories(folder);
        Files.write(folder.resolve(name + ".png"), png);
    }

    /**
     * Clicks what {@code target} finds once it can be clicked, finding it again when the page
     * redrew it in between: tables that refresh on a poll replace their rows' buttons.
     */
    public static void click(WebDriverWait wait, By target) {
        wait.ignoring(StaleElementReferenceException.class).until(browser -> {
            WebElement element = ExpectedConditions.elementToBeClickable(target).apply(browser);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
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

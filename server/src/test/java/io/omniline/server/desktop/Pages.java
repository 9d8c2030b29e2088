package io.omniline.server.desktop;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests do on Omniline's pages. */
public final class Pages {

    private Pages() {
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

package io.omniline.bench.designer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.bridge.testing.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The system's headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), started
 * by the browser tests' {@link HeadlessChromium}; nothing is downloaded. Input goes in through the
 * DevTools protocol, as a mouse and a keyboard would send it, not as events a script makes up.
 */
final class HeadlessBrowser implements AutoCloseable {

    private final ChromeDriver driver;

    private HeadlessBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    static HeadlessBrowser start(int width, int height) throws Exception {
        ChromeDriver driver = HeadlessChromium.start();
        driver.manage().window().setSize(new Dimension(width, height));
        // Opening a large flow on a loaded machine takes seconds; the browser tests' 10 s is too short here.
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        return new HeadlessBrowser(driver);
    }

    ChromeDriver driver() {
        return driver;
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** A script that ends by calling its last argument; its answer is what it passed. */
    Object asyncScript(String script, Object... arguments) {
        return driver.executeAsyncScript(script, arguments);
    }

    void mouse(String type, double x, double y, int buttons) {
        driver.executeCdpCommand(
                "Input.dispatchMouseEvent",
                Map.of(
                        "type",
                        type,
                        "x",
                        x,
                        "y",
                        y,
                        "button",
                        type.equals("mouseMoved") && buttons == 0 ? "none" : "left",
                        "buttons",
                        buttons,
                        "clickCount",
                        type.equals("mouseMoved") ? 0 : 1));
    }

    void wheel(double x, double y, double deltaY) {
        driver.executeCdpCommand(
                "Input.dispatchMouseEvent",
                Map.of("type", "mouseWheel", "x", x, "y", y, "deltaX", 0, "deltaY", deltaY));
    }

    /** Types text into the focused field as a keyboard's input method would. */
    void type(String text) {
        driver.executeCdpCommand("Input.insertText", Map.of("text", text));
    }

    /** Starts Chromium's JavaScript sampling profiler (the DevTools Performance panel's). */
    void startProfiling() {
        driver.executeCdpCommand("Profiler.enable", Map.of());
        driver.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 250));
        driver.executeCdpCommand("Profiler.start", Map.of());
    }

    /** Stops it and writes what it sampled as a .cpuprofile file, which DevTools opens. */
    void stopProfiling(Path file) throws IOException {
        Object profile = driver.executeCdpCommand("Profiler.stop", Map.of()).get("profile");
        Files.createDirectories(file.getParent());
        new ObjectMapper().writeValue(file.toFile(), profile);
    }

    @Override
    public void close() {
        driver.quit();
    }
}

package io.omniline.server.desktop;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AsteriskAgiCall;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin edits a flow in the browser: a broken exit shows on its node, the node's form fixes
 * it, the draft simulates and is published, and the next call through FastAGI takes the new path.
 */
class FlowEditorBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String FLOW = """
            {"start": "menu", "nodes": {
              "menu": {"type": "menu", "prompt": "omniline/main-menu", "options": {"1": "sales", "2": "sales"},
                       "timeoutSeconds": 5, "fallback": "support"},
              "sales": {"type": "queue", "queue": "sales"},
              "support": {"type": "queue", "queue": "support"}}}""";

    @Test
    void anAdminFixesAFlowOnItsNodeSimulatesPublishesAndTheNextCallFollowsIt() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            ApiClient admin = ApiClient.admin(omniline);
            admin.call("POST", "/api/flows", "{\"name\": \"hotline\", \"definition\": " + FLOW + "}", 201);
            admin.call("POST", "/api/flows/hotline/publish", "{\"comment\": \"first\"}", 201);
            admin.call("PUT", "/api/routes/200", "{\"flow\": \"hotline\"}", 200);

            ChromeDriver browser = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(browser, wait, "admin", TestConfigs.ADMIN_PASSWORD);
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#flow-list button[data-flow='hotline']"))).click();
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#node-list li"), 3));

                WebElement json = browser.findElement(By.id("flow-json"));
                String broken = json.getAttribute("value").replace("\"2\": \"sales\"", "\"2\": \"nowhere\"");
                json.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
                browser.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                        json, broken);
                wait.until(ExpectedConditions.textMatches(By.cssSelector("#node-list li[data-node='menu'] .problem"),
                        java.util.regex.Pattern.compile(".*nowhere.*")));

                new Select(browser.findElement(By.cssSelector("#node-list li[data-node='menu'] select[name='options.2']")))
                        .selectByValue("support");
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#node-list li[data-node='menu'] .problem"), 0));
                browser.findElement(By.id("save-draft")).click();
                wait.until(ExpectedConditions.textToBe(By.id("save-result"), "Saved"));

                WebElement digits = browser.findElement(By.cssSelector("#simulate-form input[name='digits']"));
                digits.sendKeys("2");
                browser.findElement(By.cssSelector("#simulate-form button")).click();
                wait.until(ExpectedConditions.textToBe(By.id("sim-outcome"), "queued support"));

                browser.findElement(By.cssSelector("#publish-form input[name='comment']")).sendKeys("2 goes to support");
                browser.findElement(By.cssSelector("#publish-form button")).click();
                wait.until(ExpectedConditions.textToBe(By.id("publish-result"), "Published version 2"));
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#versions li"), 2));
            } finally {
                browser.quit();
            }

            AsteriskAgiCall call = AsteriskAgiCall.of(AgiEnvironment.call("1795457000.2", "15551112222", "200", "ivr"),
                    press("2")).run(omniline.agiPort());
            assertThat(call.variables()).containsEntry("OMNILINE_QUEUE", "support");
        }
    }
}

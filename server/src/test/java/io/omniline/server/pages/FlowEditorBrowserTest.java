package io.omniline.server.pages;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.interaction.IvrStep;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AsteriskAgiCall;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin designs IVR flows in the browser: on the canvas and its side panel, with the raw JSON
 * as an advanced view; simulates and replays calls on the draft, publishes after seeing the diff,
 * rolls back, and routes numbers. Each test names the defect of the old list editor it covers.
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

    private static Omniline omniline;
    private static ApiClient admin;
    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        omniline = Omniline.start(TestConfigs.forDatabase(db.settings()));
        admin = ApiClient.admin(omniline);
        browser = HeadlessChromium.start();
        browser.manage().window().setSize(new Dimension(1500, 1300));
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(page());
        Pages.signIn(browser, wait, "admin", TestConfigs.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flows-admin")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        omniline.close();
    }

    @Test
    void anAdminFixesAFlowOnItsCanvasSimulatesPublishesAfterTheDiffAndTheNextCallFollowsIt() throws Exception {
        String flow = newFlow(FLOW, true);
        admin.call("PUT", "/api/routes/200", "{\"flow\": \"" + flow + "\"}", 200);
        open(flow, 3);
        // Defect: the page stayed on the admin lists above; opening a flow shows its canvas.
        wait.until(d -> (Boolean)
                browser.executeScript("var r = document.getElementById('canvas-host').getBoundingClientRect();"
                        + " return r.top >= 0 && r.bottom <= window.innerHeight;"));
        Pages.screenshot(browser, "flow-designer-opened");

        rawJson(json().replace("\"2\": \"sales\"", "\"2\": \"nowhere\""));
        waitForClass("menu", "has-error");
        WebElement problem = wait.until(
                ExpectedConditions.elementToBeClickable(By.cssSelector("#problems button[data-node='menu']")));
        assertThat(problem.getText()).contains("nowhere");
        problem.click();
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector("#side-panel .node-problems"), Pattern.compile(".*nowhere.*")));
        Pages.screenshot(browser, "flow-designer-problem-on-node");

        new Select(panel("options.2")).selectByValue("support");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#problems li"), 0));
        assertThat(browser.findElement(By.cssSelector("#canvas-host .edge[data-edge='menu>support']"))
                        .isDisplayed())
                .isTrue();
        save();

        simulate("2", null);
        wait.until(ExpectedConditions.textToBe(By.id("sim-outcome"), "queued support"));
        assertThat(classOf("support")).contains("current");
        assertThat(classOf("menu")).contains("visited");
        browser.findElement(By.id("sim-prev")).click();
        waitForClass("menu", "current");
        assertThat(browser.findElement(By.id("sim-step")).getText()).startsWith("Step 1 of 2: menu");
        Pages.screenshot(browser, "flow-designer-simulation-step");

        browser.findElement(By.cssSelector("#publish-form input[name='comment']"))
                .sendKeys("2 goes to support");
        browser.findElement(By.cssSelector("#publish-form button")).click();
        String question = confirmText();
        assertThat(question)
                .contains("as version 2")
                .contains("Against version 1: 0 node(s) added, 0 removed, 1 changed");
        assertThat(classOf("menu")).contains("diff-changed");
        // Defect: the diff was raw JSON; it is in words, with the side panel's field labels.
        assertThat(question).contains("Changed menu:").contains("Keys: press 2 goes to support (was sales)");
        WebElement changed = browser.findElement(By.cssSelector("#diff li.diff-changed[data-node='menu']"));
        assertThat(changed.getText())
                .contains("Keys: press 2 goes to support (was sales)")
                .doesNotContain("{")
                .doesNotContain("\"");
        Pages.screenshot(browser, "flow-designer-publish-confirm");
        answer(true);
        wait.until(ExpectedConditions.textToBe(By.id("publish-result"), "Published version 2"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#versions tbody tr"), 2));
        // Defect: times were shown as ISO text; they are in the browser's language and time zone.
        String when = browser.findElement(By.cssSelector("#versions tbody tr td:nth-child(3)"))
                .getText();
        assertThat(when).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T").containsPattern("\\d{4}");
        assertThat(browser.findElement(By.id("flow-published")).getText()).isEqualTo("2");
        assertThat(classOf("menu")).doesNotContain("diff-changed");

        AsteriskAgiCall call = AsteriskAgiCall.of(
                        AgiEnvironment.call("1795457000.2", "15551112222", "200", "ivr"), press("2"))
                .run(omniline.agiPort());
        assertThat(call.variables()).containsEntry("OMNILINE_QUEUE", "support");
    }

    /** Defect: with broken JSON in the text box "Save draft" said Saved and quietly saved the last JSON that parsed. */
    @Test
    void jsonThatDoesNotParseIsNeverSavedAndTheAdminIsToldWhy() throws Exception {
        String flow = newFlow(FLOW, false);
        open(flow, 3);
        rawJson(json().replace("\"2\": \"sales\"", "\"2\": \"support\"") + " oops {");
        wait.until(ExpectedConditions.textMatches(
                By.id("json-error"), Pattern.compile("The JSON does not parse at line \\d+, column \\d+ .*")));
        // Defect: "Problems: none" stood beside JSON that does not parse.
        assertThat(browser.findElement(By.id("problem-count")).getText())
                .startsWith("the raw JSON does not parse at line ");
        browser.findElement(By.id("save-draft")).click();
        wait.until(ExpectedConditions.textMatches(
                By.id("save-result"), Pattern.compile("Not saved: the raw JSON does not parse.*")));
        Pages.screenshot(browser, "flow-designer-broken-json");

        assertThat(admin.call("GET", "/api/flows/" + flow, null, 200)
                        .at("/flow/definition/nodes/menu/options/2")
                        .asText())
                .isEqualTo("sales");
    }

    /** Defect: simulate showed "failed" under 500 "welcome → next" lines while the API knew the reason. */
    @Test
    void aLoopingFlowStopsWithTheReasonAndAShortPath() throws Exception {
        String flow = newFlow("""
                {"start": "welcome", "nodes": {
                  "welcome": {"type": "play", "prompts": ["omniline/welcome"], "next": "again"},
                  "again": {"type": "play", "prompts": ["omniline/welcome"], "next": "welcome"}}}""", false);
        open(flow, 2);
        simulate("", null);
        wait.until(ExpectedConditions.textMatches(By.id("sim-outcome"), Pattern.compile("stopped: .*step limit.*")));
        assertThat(browser.findElements(By.cssSelector("#sim-path li")).size()).isLessThanOrEqualTo(41);
        assertThat(browser.findElement(By.cssSelector("#sim-path li.gap")).getText())
                .contains("more steps not listed");
        Pages.screenshot(browser, "flow-designer-loop-stopped");
    }

    /**
     * A flow of 200 nodes opens laid out and stays usable: a block deep in it is picked, edited in
     * the side panel and redrawn with its new edge, and a simulated call walks it. How smoothly is
     * measured by {@code ./omniline bench designer}, not here.
     */
    @Test
    void aFlowOfTwoHundredNodesOpensLaidOutAndIsEditedAndSimulated() throws Exception {
        StringBuilder nodes = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            String next = i < 100 ? "menu" + (i + 1) : "queue100";
            nodes.append(i > 1 ? "," : "")
                    .append("\"menu")
                    .append(i)
                    .append("\": {\"type\": \"menu\", \"prompt\": \"omniline/main-menu\", \"options\": {\"1\": \"")
                    .append(next)
                    .append("\", \"2\": \"queue")
                    .append(i)
                    .append("\"}, \"timeoutSeconds\": 5, \"fallback\": \"queue")
                    .append(i)
                    .append("\"}, \"queue")
                    .append(i)
                    .append("\": {\"type\": \"queue\", \"queue\": \"")
                    .append(i % 2 == 0 ? "sales" : "support")
                    .append("\"}");
        }
        String flow = newFlow("{\"start\": \"menu1\", \"nodes\": {" + nodes + "}}", false);
        open(flow, 200);
        assertThat(browser.findElements(By.cssSelector("#canvas-host .edge"))).hasSize(300);
        assertThat(overlappingBlocks()).isEmpty();
        assertThat(browser.findElement(By.id("problem-count")).getText()).isEqualTo("none");

        click("menu57");
        new Select(panel("options.2")).selectByValue("queue1");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#canvas-host .edge[data-edge='menu57>queue1']")));
        assertThat(browser.findElements(By.cssSelector("#canvas-host .edge[data-edge='menu57>queue57']")))
                .as("only the fallback still leads there")
                .hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#canvas-host .node"))).hasSize(200);

        simulate("1,1,1,2", null);
        wait.until(ExpectedConditions.textToBe(By.id("sim-outcome"), "queued sales"));
        assertThat(classOf("queue4")).contains("current");
        browser.findElement(By.id("sim-prev")).click();
        waitForClass("menu4", "current");
        assertThat(classOf("queue4")).doesNotContain("current");
        showCanvas();
        Pages.screenshot(browser, "flow-designer-200-nodes");
    }

    /** Built from nothing: palette, drag from a port to connect, the side panel for hours, branch, play and queue. */
    @Test
    void aFlowIsBuiltOnTheCanvasFromScratchAndEveryFormWritesTheDraft() throws Exception {
        String flow = newFlow("{\"start\": \"\", \"nodes\": {}}", false);
        open(flow, 0);
        palette("hours");
        palette("play");
        palette("branch");
        palette("queue");
        palette("queue");
        palette("hangup");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#canvas-host .node"), 6));
        // Defect: blocks added from the palette were piled on one another.
        assertThat(overlappingBlocks()).isEmpty();
        browser.findElement(By.cssSelector("#canvas-host button[data-action='auto-layout']"))
                .click();
        // ELK works in a Web Worker: the blocks have their new places once the canvas is no longer busy.
        wait.until(ExpectedConditions.not(
                ExpectedConditions.attributeToBe(By.cssSelector("#canvas-host svg.flow-canvas"), "aria-busy", "true")));

        click("hours1");
        panel("timezone").clear();
        panel("timezone").sendKeys("America/New_York", Keys.TAB);
        panel("weekly.sat").sendKeys("09:00-13:00", Keys.TAB);
        browser.executeScript("arguments[0].value = '2026-12-25'", panel("new-holiday"));
        button("Add holiday").click();
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector("#side-panel .holidays"), Pattern.compile("(?s).*2026-12-25.*")));
        connect("hours1", "[\"open\"]", "play1");
        connect("hours1", "[\"closed\"]", "hangup1");

        click("play1");
        String longPrompt = "omniline/a-rather-long-prompt-name-for-the-holiday-season-greeting";
        button("Add a prompt").click();
        WebElement prompt = panel("prompts.0");
        prompt.sendKeys(longPrompt, Keys.TAB);
        wait.until(d -> String.join(
                        "",
                        d.findElements(By.cssSelector(".node[data-node='play1'] .node-summary")).stream()
                                .map(WebElement::getText)
                                .toList())
                .equals(longPrompt));
        assertThat(panel("prompts.0").getAttribute("value")).isEqualTo(longPrompt);
        // Defects: the name broke mid-word, and the taller block covered the one below it.
        List<String> lines = wait.ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(".node[data-node='play1'] .node-summary")).stream()
                        .map(WebElement::getText)
                        .toList());
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(line -> line.matches(".*[/_.,-]"));
        assertThat(overlappingBlocks()).isEmpty();
        new Select(panel("next")).selectByValue("branch1");

        click("branch1");
        button("Add condition").click();
        new Select(panel("conditions.0.next")).selectByValue("queue1");
        new Select(panel("otherwise")).selectByValue("queue2");
        WebElement when = panel("conditions.0.when");
        when.sendKeys("customer.vip ==");
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector("#side-panel .node-problems"),
                Pattern.compile("(?s).*Conditions: condition 1 is not a valid expression: .*")));
        showCanvas();
        Pages.screenshot(browser, "flow-designer-branch-checked-as-typed");
        when.sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE, Keys.BACK_SPACE);
        wait.until(ExpectedConditions.not(ExpectedConditions.textMatches(
                By.cssSelector("#side-panel .node-problems"), Pattern.compile("(?s).*condition.*"))));

        click("queue1");
        new Select(panel("queue")).selectByValue("support");
        panel("priority").clear();
        panel("priority").sendKeys("10", Keys.TAB);
        click("queue2");
        new Select(panel("queue")).selectByValue("sales");

        click("play1");
        button("Make this the start").click();
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector(".node[data-node='play1'] .node-id"), Pattern.compile("▶ play1")));
        click("hours1");
        button("Make this the start").click();
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector(".node[data-node='hours1'] .node-id"), Pattern.compile("▶ hours1")));
        // Defect: the new start was marked "no call can reach this node" from the validator's
        // answer about the flow as it was before the start moved.
        assertThat(browser.findElement(By.cssSelector("#side-panel .node-problems"))
                        .getText())
                .doesNotContain("no call can reach");
        assertThat(classOf("hours1")).doesNotContain("has-warning").doesNotContain("unreachable");
        assertThat(browser.findElement(By.id("problems")).getText()).doesNotContain("on hours1");
        showCanvas();
        browser.findElement(By.cssSelector("#canvas-host button[data-action='zoom-fit']"))
                .click();
        Pages.screenshot(browser, "flow-designer-built-from-scratch");
        save();

        JsonNode saved = admin.call("GET", "/api/flows/" + flow, null, 200).at("/flow/definition");
        assertThat(saved.at("/start").asText()).isEqualTo("hours1");
        assertThat(saved.at("/nodes/hours1/weekly/sat/0").asText()).isEqualTo("09:00-13:00");
        assertThat(saved.at("/nodes/hours1/holidays/0").asText()).isEqualTo("2026-12-25");
        assertThat(saved.at("/nodes/play1/prompts/0").asText()).isEqualTo(longPrompt);
        assertThat(saved.at("/nodes/branch1/conditions/0/when").asText()).isEqualTo("customer.vip");
        assertThat(saved.at("/nodes/queue1/priority").asInt()).isEqualTo(10);
        assertThat(saved.at("/layout/queue2/x").isNumber()).isTrue();

        simulate("", "holiday");
        wait.until(ExpectedConditions.textToBe(By.id("sim-outcome"), "the flow hung up"));
        assertThat(classOf("hangup1")).contains("current");
        assertThat(browser.findElement(By.id("sim-at")).getText())
                .contains("2026")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
    }

    /** Defect: the side panel's fields were labelled with their JSON keys (timeoutSeconds, onTimeout). */
    @Test
    void everyFieldOfEveryNodeTypeIsLabelledInWordsWithItsKeyInATooltip() throws Exception {
        String flow = newFlow("{\"start\": \"\", \"nodes\": {}}", false);
        open(flow, 0);
        List<String> types = List.of(
                "play",
                "menu",
                "collect",
                "say",
                "set",
                "branch",
                "hours",
                "lookup",
                "queue",
                "callback",
                "voicemail",
                "transfer",
                "language",
                "goto-flow",
                "rating",
                "comment",
                "hangup");
        types.forEach(FlowEditorBrowserTest::palette);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#canvas-host .node"), types.size()));
        assertThat(overlappingBlocks()).isEmpty();
        // A new set node starts valid as far as its expression goes: text is in single quotes.
        wait.until(ExpectedConditions.textMatches(By.id("problems"), Pattern.compile("(?s).*on set1, .*")));
        assertThat(browser.findElement(By.id("problems")).getText()).doesNotContain("on set1, Value to keep");
        browser.findElement(By.cssSelector("#canvas-host button[data-action='zoom-fit']"))
                .click();

        for (String type : types) {
            String id = type.replace("-", "") + "1";
            click(id);
            wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#side-panel form"), "data-node", id));
            List<WebElement> labels =
                    browser.findElements(By.cssSelector("#side-panel .field-name, #side-panel legend"));
            assertThat(labels).isNotEmpty();
            for (WebElement label : labels) {
                assertThat(label.getText())
                        .as("a label of the %s form", type)
                        .doesNotMatch("[a-z]+[A-Z]\\w*")
                        .doesNotMatch("[a-z]+");
            }
        }

        click("menu1");
        assertThat(fieldName("timeoutSeconds").getText()).isEqualTo("Time to wait for a key (seconds)");
        assertThat(fieldName("timeoutSeconds").getAttribute("title")).isEqualTo("In the JSON: timeoutSeconds");
        assertThat(fieldName("invalidPrompt").getText()).isEqualTo("Prompt when the key is invalid");
        Pages.screenshot(browser.findElement(By.id("side-panel")), "flow-designer-fields-in-words");
        click("queue1");
        assertThat(fieldName("onTimeout").getText()).isEqualTo("When the wait in queue ends");
        click("comment1");
        assertThat(fieldName("maxSeconds").getText()).isEqualTo("Longest comment (seconds)");
        assertThat(fieldName("silenceSeconds").getText()).isEqualTo("Silence that ends the comment (seconds)");
        Pages.screenshot(browser.findElement(By.id("side-panel")), "flow-designer-comment-node");
    }

    /** A palette button dragged onto the canvas adds its block where it is dropped, never on another block. */
    @Test
    void aBlockDraggedFromThePaletteLandsWhereItIsDropped() throws Exception {
        String flow = newFlow("{\"start\": \"\", \"nodes\": {}}", false);
        open(flow, 0);
        WebElement canvas = browser.findElement(By.cssSelector("#canvas-host svg.flow-canvas"));
        dragFromPalette("queue", canvas);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#canvas-host .node"), 1));
        Boolean underTheDrop = (Boolean) browser.executeScript("""
                var block = document.querySelector("#canvas-host .node[data-node='queue1'] .block").getBoundingClientRect();
                var canvas = arguments[0].getBoundingClientRect();
                var x = canvas.left + canvas.width / 2 + 150, y = canvas.top + canvas.height / 2 + 80;
                return block.left <= x && x <= block.right && block.top <= y && y <= block.bottom;""", canvas);
        assertThat(underTheDrop).isTrue();

        dragFromPalette("play", canvas);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#canvas-host .node"), 2));
        assertThat(overlappingBlocks()).isEmpty();
        assertThat(json()).contains("\"queue1\"").contains("\"play1\"");
    }

    /** Deleting says which nodes no call could reach any more, and asks first. */
    @Test
    void deletingANodeFromTheKeyboardNamesWhatBecomesUnreachable() throws Exception {
        String flow = newFlow("""
                {"start": "menu", "nodes": {
                  "menu": {"type": "menu", "prompt": "omniline/main-menu", "options": {"1": "hello"}, "fallback": "sales"},
                  "hello": {"type": "play", "prompts": ["omniline/welcome"], "next": "support"},
                  "sales": {"type": "queue", "queue": "sales"},
                  "support": {"type": "queue", "queue": "support"}}}""", false);
        open(flow, 4);
        click("hello");
        new Actions(browser).sendKeys(Keys.DELETE).perform();
        assertThat(confirmText())
                .contains("Delete \"hello\"?")
                .contains("No call could reach these nodes any more: support.");
        Pages.screenshot(browser, "flow-designer-delete-confirm");
        answer(false);
        assertThat(browser.findElements(By.cssSelector("#canvas-host .node"))).hasSize(4);

        click("hello");
        new Actions(browser).sendKeys(Keys.DELETE).perform();
        confirmText();
        answer(true);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#canvas-host .node"), 3));
        waitForClass("support", "unreachable");
        waitForClass("menu", "has-error");
    }

    /** A node the draft drops is drawn crossed out on the canvas while the publish question is asked. */
    @Test
    void aRemovedNodeIsShownOnTheCanvasBeforePublishing() throws Exception {
        String flow = newFlow(FLOW, true);
        admin.call("PUT", "/api/flows/" + flow + "/draft", """
                {"definition": {"start": "menu", "nodes": {
                  "menu": {"type": "menu", "prompt": "omniline/main-menu", "options": {"1": "support"},
                           "timeoutSeconds": 5, "fallback": "support"},
                  "support": {"type": "queue", "queue": "support"}}}}""", 200);
        open(flow, 2);
        browser.findElement(By.cssSelector("#publish-form button")).click();
        assertThat(confirmText()).contains("1 removed").contains("Removed sales, a queue block");
        WebElement ghost = browser.findElement(By.cssSelector("#canvas-host .node.ghost[data-removed='sales']"));
        assertThat(ghost.isDisplayed()).isTrue();
        assertThat(ghost.getText()).contains("sales");
        Pages.screenshot(browser, "flow-designer-publish-removed-node");
        answer(false);
        assertThat(browser.findElements(By.cssSelector("#canvas-host .node.ghost")))
                .hasSize(1);
    }

    /** Defects: publish and roll back were one click; after a rollback the old version and diff stayed; an empty diff said nothing. */
    @Test
    void rollingBackAsksNamingTheVersionsAndTheWholePageFollows() throws Exception {
        String flow = newFlow(FLOW, true);
        admin.call(
                "PUT",
                "/api/flows/" + flow + "/draft",
                "{\"definition\": " + FLOW.replace("\"2\": \"sales\"", "\"2\": \"support\"") + "}",
                200);
        admin.call("POST", "/api/flows/" + flow + "/publish", "{\"comment\": \"2 to support\"}", 201);
        open(flow, 3);
        WebElement diffForm = browser.findElement(By.id("diff-form"));
        diffForm.findElement(By.name("from")).clear();
        diffForm.findElement(By.name("from")).sendKeys("1");
        diffForm.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.textMatches(By.id("diff-summary"), Pattern.compile(".*1 changed.*")));

        browser.findElement(By.cssSelector("#versions tr[data-version='1'] button"))
                .click();
        assertThat(confirmText()).contains("back to version 1").contains("as version 3");
        answer(false);
        assertThat(browser.findElement(By.id("flow-published")).getText()).isEqualTo("2");

        browser.findElement(By.cssSelector("#versions tr[data-version='1'] button"))
                .click();
        confirmText();
        answer(true);
        wait.until(ExpectedConditions.textToBe(By.id("flow-published"), "3"));
        wait.until(ExpectedConditions.textToBe(
                By.id("publish-result"), "Rolled back: version 3 is live (a copy of version 1)"));
        assertThat(browser.findElement(By.id("diff-summary")).getText()).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#versions tbody tr"))).hasSize(3);
        assertThat(new Select(browser.findElement(By.cssSelector("#route-form select"))).getOptions())
                .isNotEmpty();

        browser.findElement(By.cssSelector("#diff-form button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("diff-summary"), "From version 3 to the draft: no changes."));
        Pages.screenshot(browser, "flow-designer-after-rollback");
    }

    /** A real call's path replayed on the draft: where it went and where the draft would now send it. */
    @Test
    void aRecentCallIsReplayedOnTheDraftAndItsDivergenceIsMarked() throws Exception {
        String flow = newFlow(FLOW, true);
        long flowId = db.repositories().flows().findByName(flow).orElseThrow().id();
        long interaction = db.repositories()
                .interactions()
                .open(NewInteraction.inboundCall(UUID.randomUUID().toString(), null, null, null))
                .id();
        OffsetDateTime at = OffsetDateTime.parse("2026-11-24T15:00:00Z");
        db.repositories()
                .ivrPaths()
                .append(
                        interaction,
                        List.of(
                                new IvrStep(1, flowId, 1, "menu", "menu", "2", "2", at),
                                new IvrStep(2, flowId, 1, "sales", "queue", null, "queued", at.plusSeconds(3))));
        admin.call(
                "PUT",
                "/api/flows/" + flow + "/draft",
                "{\"definition\": " + FLOW.replace("\"2\": \"sales\"", "\"2\": \"support\"") + "}",
                200);

        open(flow, 3);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#replay-form option"), 1));
        assertThat(browser.findElement(By.cssSelector("#replay-form option")).getText())
                .contains("call " + interaction)
                .contains("left at sales");
        browser.findElement(By.cssSelector("#replay-form button")).click();
        wait.until(ExpectedConditions.textToBe(
                By.id("replay-result"),
                "Diverges at step 2: the call went to sales (queued), the draft now goes to support (queued)."));
        assertThat(classOf("sales")).contains("diverge-recorded");
        assertThat(classOf("support")).contains("diverge-replayed");
        Pages.screenshot(browser, "flow-designer-replay");
    }

    /** Defects: an invalid number failed silently, and "+1 (415) 555-0100" was refused while chat took it. */
    @Test
    void numbersInAnyCommonFormatAreRoutedAndBadOnesSayWhyInThePage() throws Exception {
        String flow = newFlow(FLOW, true);
        browser.get(page());
        wait.until(
                ExpectedConditions.elementToBeClickable(By.cssSelector("#flow-list button[data-flow='" + flow + "']")));
        WebElement form = browser.findElement(By.id("route-form"));
        new Select(form.findElement(By.name("flow"))).selectByValue(flow);
        form.findElement(By.name("number")).sendKeys("+1 (415) 555-0100");
        form.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("route-result"), "+14155550100 now goes to " + flow));

        form.findElement(By.name("number")).sendKeys("call me maybe");
        form.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.textMatches(
                By.id("route-result"), Pattern.compile("Not routed: .*not a phone number.*")));
        Pages.screenshot(browser.findElement(By.id("route-form")), "flow-designer-route-error");
    }

    private static String page() {
        return "http://127.0.0.1:" + omniline.httpPort() + "/";
    }

    private static String newFlow(String definition, boolean publish) throws Exception {
        String name = "f" + UUID.randomUUID().toString().substring(0, 8);
        admin.call("POST", "/api/flows", "{\"name\": \"" + name + "\", \"definition\": " + definition + "}", 201);
        if (publish) {
            admin.call("POST", "/api/flows/" + name + "/publish", "{\"comment\": \"first\"}", 201);
        }
        return name;
    }

    private static void open(String flow, int nodes) {
        browser.get(page());
        Pages.click(wait, By.cssSelector("#flow-list button[data-flow='" + flow + "']"));
        wait.until(ExpectedConditions.textToBe(By.id("flow-name"), flow));
        // A first layout of a big flow runs ELK in a worker; on two shared cores under a full build it took 4-8 s.
        new WebDriverWait(browser, Duration.ofSeconds(nodes > 50 ? 60 : 15))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#canvas-host .node"), nodes));
    }

    private static WebElement block(String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#canvas-host .node[data-node='" + id + "']")));
    }

    private static WebElement panel(String name) {
        return wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#side-panel [name='" + name + "']")));
    }

    /** The label above the side panel's control named {@code name}. */
    private static WebElement fieldName(String name) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[@id='side-panel']//label[.//*[@name='" + name + "']]/span[@class='field-name']")));
    }

    private static WebElement button(String text) {
        return wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//*[@id='side-panel']//button[normalize-space()='" + text + "']")));
    }

    /**
     * Blocks are drawn anew after each change and each validation: find the block again until it
     * holds still. Focusing it first brings it into view, as Tab does for a keyboard user.
     */
    private static void click(String id) {
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement block = block(id);
            browser.executeScript("arguments[0].focus()", block);
            block(id).click();
            return true;
        });
    }

    private static String classOf(String id) {
        return wait.ignoring(StaleElementReferenceException.class)
                .until(driver -> block(id).getAttribute("class"));
    }

    private static void waitForClass(String id, String name) {
        wait.ignoring(StaleElementReferenceException.class)
                .until(driver ->
                        List.of(block(id).getAttribute("class").split(" ")).contains(name));
    }

    private static void palette(String type) {
        browser.findElement(By.cssSelector("#canvas-host button[data-action='palette-" + type + "']"))
                .click();
    }

    /** Presses a palette button, moves to a point right of and below the canvas's centre and lets go there. */
    private static void dragFromPalette(String type, WebElement canvas) {
        new Actions(browser)
                .clickAndHold(
                        browser.findElement(By.cssSelector("#canvas-host button[data-action='palette-" + type + "']")))
                .moveToElement(canvas, 150, 80)
                .release()
                .perform();
    }

    private static void connect(String from, String port, String to) {
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement dot = block(from).findElement(By.cssSelector("[data-port='" + port + "']"));
            new Actions(browser)
                    .clickAndHold(dot)
                    .moveToElement(block(to))
                    .release()
                    .perform();
            return true;
        });
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#canvas-host .edge[data-edge='" + from + ">" + to + "']")));
    }

    /** Scrolls the page to the designer's title, so a screenshot shows the canvas and its side panel. */
    private static void showCanvas() {
        browser.executeScript("document.getElementById('editor').scrollIntoView({block: 'start'})");
    }

    /** Pairs of blocks whose boxes cross on the canvas. */
    @SuppressWarnings("unchecked")
    private static List<String> overlappingBlocks() {
        return (List<String>) browser.executeScript("""
                var boxes = Array.from(document.querySelectorAll('#canvas-host .node')).map(function (g) {
                  return [g.dataset.node, g.querySelector('.block').getBoundingClientRect()];
                });
                var crossing = [];
                boxes.forEach(function (a, i) {
                  boxes.slice(i + 1).forEach(function (b) {
                    if (a[1].left < b[1].right && b[1].left < a[1].right && a[1].top < b[1].bottom && b[1].top < a[1].bottom) {
                      crossing.push(a[0] + ' and ' + b[0]);
                    }
                  });
                });
                return crossing;""");
    }

    private static String json() {
        return browser.findElement(By.id("flow-json")).getAttribute("value");
    }

    private static void rawJson(String text) {
        WebElement details = browser.findElement(By.id("raw-json"));
        if (details.getAttribute("open") == null) {
            details.findElement(By.tagName("summary")).click();
        }
        browser.executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                browser.findElement(By.id("flow-json")),
                text);
    }

    private static void save() {
        browser.findElement(By.id("save-draft")).click();
        wait.until(ExpectedConditions.textToBe(By.id("save-result"), "Saved"));
    }

    /** @param when "holiday", "after-hours" or "now"; null for the form's fixed time */
    private static void simulate(String digits, String when) {
        WebElement form = browser.findElement(By.id("simulate-form"));
        form.findElement(By.name("digits")).clear();
        form.findElement(By.name("digits")).sendKeys(digits);
        new Select(form.findElement(By.name("when"))).selectByValue(when == null ? "custom" : when);
        form.findElement(By.cssSelector("button")).click();
    }

    private static String confirmText() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-text")))
                .getText();
    }

    private static void answer(boolean yes) {
        browser.findElement(By.id(yes ? "confirm-yes" : "confirm-no")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
    }
}

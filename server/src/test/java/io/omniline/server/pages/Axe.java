package io.omniline.server.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.chrome.ChromeDriver;

/** axe-core (the dev dependency in server/web-vendor) over a page as it is now. */
final class Axe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SERIOUS_OR_WORSE = Set.of("serious", "critical");
    private static final Set<String> MODERATE_OR_WORSE = Set.of("moderate", "serious", "critical");

    private Axe() {}

    /**
     * Runs axe, keeps the whole result in target/axe and a screenshot beside it, and returns the
     * serious and critical violations in words.
     */
    static List<String> serious(ChromeDriver browser, String page) throws IOException {
        return violations(browser, page, SERIOUS_OR_WORSE);
    }

    /** The same, with the moderate violations too. */
    static List<String> moderateOrWorse(ChromeDriver browser, String page) throws IOException {
        return violations(browser, page, MODERATE_OR_WORSE);
    }

    private static List<String> violations(ChromeDriver browser, String page, Set<String> impacts) throws IOException {
        browser.executeScript(Files.readString(Path.of("web-vendor", "node_modules", "axe-core", "axe.min.js")));
        Object result = browser.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "axe.run(document, { resultTypes: ['violations'] }).then(function (r) { done(JSON.stringify(r.violations)); },"
                        + " function (e) { done(JSON.stringify([{ id: 'axe-failed', impact: 'critical', help: String(e), nodes: [] }])); });");
        Path folder = Path.of("target", "axe");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(page + ".json"), result.toString());
        Pages.screenshot(browser, "axe-" + page);
        List<String> found = new ArrayList<>();
        for (JsonNode violation : JSON.readTree(result.toString())) {
            String impact = violation.path("impact").asText();
            if (impacts.contains(impact)) {
                List<String> where = new ArrayList<>();
                violation
                        .path("nodes")
                        .forEach(node -> where.add(node.path("target").toString()));
                found.add(page + ": " + violation.path("id").asText() + " (" + impact + ") "
                        + violation.path("help").asText() + " at " + where);
            }
        }
        return found;
    }
}

package io.omniline.bench.designer;

import io.omniline.bench.node.StaffApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.Cookie;

/**
 * The flow designer on a large flow, in headless Chromium against a running node: how long the
 * first drawing takes (fetch, ELK layout, render), and how long frames take while the admin pans,
 * zooms, drags a block, types into the side panel (each keystroke validated) and steps through a
 * simulated call. Frames are timed in the page with requestAnimationFrame; input arrives through
 * the DevTools protocol at the pace a person's mouse and keyboard send it.
 */
public final class DesignerBenchmark {

    /** A mouse reports about this often while it moves. */
    private static final long MOUSE_EVERY_MS = 16;
    /** A quick typist's pace. */
    private static final long KEY_EVERY_MS = 80;

    private final StaffApi admin;
    private final Path profiles;

    /**
     * @param profiles where to write a CPU profile of the page for each action (files DevTools
     *     opens), or null for none: profiling slows the page, so its figures are not comparable
     */
    public DesignerBenchmark(StaffApi admin, Path profiles) {
        this.admin = admin;
        this.profiles = profiles;
    }

    /**
     * @param openings how many times the flow is opened in a fresh page (first drawing each time)
     * @param frames the frame times of each interaction, by name, in the order they ran
     */
    public record Result(
            int nodes,
            int problems,
            List<Double> openMillis,
            List<Double> layoutMillis,
            double autoLayoutMillis,
            Map<String, List<Double>> frames) {}

    public Result run(int nodes, int openings) throws Exception {
        String name = "designer-bench-" + System.currentTimeMillis();
        int problems = admin.createFlow(name, DesignerFlow.generate(nodes))
                .path("problems")
                .size();
        try (HeadlessBrowser browser = HeadlessBrowser.start(1500, 1100)) {
            signIn(browser);
            List<Double> open = new ArrayList<>();
            List<Double> layouts = new ArrayList<>();
            for (int i = 0; i < openings; i++) {
                load(browser);
                open.add(number(browser.asyncScript(OPEN, name, nodes)));
                layouts.add(number(browser.script("return window.omnilineBench.layouts[0] || 0")));
            }
            browser.script("document.getElementById('editor').scrollIntoView({block: 'start'})");
            double autoLayout = number(browser.asyncScript(AUTO_LAYOUT));
            Map<String, List<Double>> frames = new LinkedHashMap<>();
            frames.put("pan", profiled(browser, "pan", () -> pan(browser)));
            frames.put("zoom", profiled(browser, "zoom", () -> zoom(browser)));
            frames.put("drag a block", profiled(browser, "drag", () -> drag(browser)));
            frames.put("type in the side panel", profiled(browser, "typing", () -> typing(browser)));
            frames.put("step a simulation", profiled(browser, "simulation", () -> stepping(browser)));
            return new Result(nodes, problems, open, layouts, autoLayout, frames);
        }
    }

    /** The node's session cookie, as the sign-in form would have left it. */
    private void signIn(HeadlessBrowser browser) {
        browser.driver().get(admin.base() + "/health");
        String[] cookie = admin.cookie().split("=", 2);
        browser.driver()
                .manage()
                .addCookie(new Cookie.Builder(cookie[0], cookie[1])
                        .path("/")
                        .isHttpOnly(true)
                        .sameSite("Strict")
                        .build());
    }

    /** A fresh page, signed in, with the admin's flow list shown and the recorder in place. */
    private void load(HeadlessBrowser browser) {
        browser.driver().get(admin.base() + "/");
        browser.asyncScript("""
                var done = arguments[arguments.length - 1];
                (function wait() {
                  if (window.ELK && document.querySelector('#flow-list button[data-flow]')) done(true);
                  else setTimeout(wait, 20);
                })();""");
        browser.script(resource("frames.js"));
    }

    private static final String OPEN = """
            var name = arguments[0], size = arguments[1], done = arguments[arguments.length - 1];
            var started = performance.now();
            document.querySelector("#flow-list button[data-flow='" + name + "']").click();
            (function wait() {
              if (document.getElementById('flow-name').textContent === name
                  && document.querySelectorAll('#canvas-host .node').length === size) {
                window.omnilineBench.afterNextFrame(function () { done(performance.now() - started); });
              } else {
                requestAnimationFrame(wait);
              }
            })();""";

    /** The toolbar's "Auto layout": ELK for every block again, then the drawing, until it is on screen. */
    private static final String AUTO_LAYOUT = """
            var done = arguments[arguments.length - 1];
            var bench = window.omnilineBench, before = bench.layouts.length;
            var started = performance.now();
            document.querySelector("#canvas-host button[data-action='auto-layout']").click();
            (function wait() {
              // The drawing follows the layout's answer in the same turn; the frame after it shows it.
              if (bench.layouts.length > before) bench.afterNextFrame(function () { done(performance.now() - started); });
              else requestAnimationFrame(wait);
            })();""";

    /** Drags the canvas's background 60 steps to the right and down. */
    private List<Double> pan(HeadlessBrowser browser) throws InterruptedException {
        Map<?, ?> spot = (Map<?, ?>) browser.script("""
                var svg = document.querySelector('#canvas-host svg.flow-canvas'), box = svg.getBoundingClientRect();
                for (var y = box.top + 30; y < box.bottom - 30; y += 17) {
                  for (var x = box.left + 30; x < box.right - 30; x += 17) {
                    var hit = document.elementFromPoint(x, y);
                    if (hit && hit.classList.contains('canvas-bg')) return {x: x, y: y};
                  }
                }
                return null;""");
        if (spot == null) {
            throw new IllegalStateException("the canvas shows no empty background to pan by");
        }
        return gesture(browser, number(spot.get("x")), number(spot.get("y")), 4, 2);
    }

    /** Twenty turns of the wheel over the middle of the canvas, in and then out. */
    private List<Double> zoom(HeadlessBrowser browser) throws InterruptedException {
        Map<?, ?> middle = (Map<?, ?>) browser.script("""
                var box = document.querySelector('#canvas-host svg.flow-canvas').getBoundingClientRect();
                return {x: box.left + box.width / 2, y: box.top + box.height / 2};""");
        browser.script("window.omnilineBench.record()");
        for (int turn = 0; turn < 20; turn++) {
            browser.wheel(number(middle.get("x")), number(middle.get("y")), turn < 10 ? -100 : 100);
            Thread.sleep(50);
        }
        return frames(browser);
    }

    /** Presses on a block's title and moves it 60 steps, its edges following. */
    private List<Double> drag(HeadlessBrowser browser) throws InterruptedException {
        Map<?, ?> block = (Map<?, ?>) browser.script("""
                var svg = document.querySelector('#canvas-host svg.flow-canvas'), box = svg.getBoundingClientRect();
                var nodes = document.querySelectorAll('#canvas-host .node');
                for (var i = 0; i < nodes.length; i++) {
                  var r = nodes[i].querySelector('.block').getBoundingClientRect(), x = r.left + 20, y = r.top + 8;
                  if (x < box.left + 20 || y < box.top + 20 || x > box.right - 320 || y > box.bottom - 200) continue;
                  var hit = document.elementFromPoint(x, y);
                  if (hit && hit.closest('.node') === nodes[i] && !hit.closest('[data-port]')) return {x: x, y: y};
                }
                return null;""");
        if (block == null) {
            throw new IllegalStateException("no block on screen to drag");
        }
        return gesture(browser, number(block.get("x")), number(block.get("y")), 3, 2);
    }

    private List<Double> gesture(HeadlessBrowser browser, double x, double y, double dx, double dy)
            throws InterruptedException {
        browser.script("window.omnilineBench.record()");
        browser.mouse("mouseMoved", x, y, 0);
        browser.mouse("mousePressed", x, y, 1);
        for (int step = 1; step <= 60; step++) {
            browser.mouse("mouseMoved", x + dx * step, y + dy * step, 1);
            Thread.sleep(MOUSE_EVERY_MS);
        }
        browser.mouse("mouseReleased", x + dx * 60, y + dy * 60, 1);
        return frames(browser);
    }

    /**
     * Picks a branch block and types into its first condition a character at a time: each one
     * changes the draft, which the designer redraws and has the server validate.
     */
    private List<Double> typing(HeadlessBrowser browser) throws InterruptedException {
        browser.script("""
                var block = document.querySelector('#canvas-host .node.type-branch');
                block.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
                var field = document.querySelector("#side-panel [name='conditions.0.when']");
                field.focus();
                field.setSelectionRange(field.value.length, field.value.length);""");
        browser.script("window.omnilineBench.record()");
        for (char c : " && account == '42'".toCharArray()) {
            browser.type(String.valueOf(c));
            Thread.sleep(KEY_EVERY_MS);
        }
        // The last validation's answer lands and is drawn within this.
        Thread.sleep(800);
        return frames(browser);
    }

    /** Simulates a call pressing 1 at every menu, then steps back and forth through its path. */
    private List<Double> stepping(HeadlessBrowser browser) throws InterruptedException {
        browser.asyncScript("""
                var done = arguments[arguments.length - 1];
                var form = document.getElementById('simulate-form');
                form.digits.value = '1,1,1,1,1,1,1,1';
                document.getElementById('sim-outcome').textContent = '';
                form.querySelector('button').click();
                (function wait() {
                  if (document.getElementById('sim-outcome').textContent) done(true); else setTimeout(wait, 20);
                })();""");
        browser.script("window.omnilineBench.record()");
        for (String button : List.of("sim-prev", "sim-next")) {
            for (int step = 0; step < 10; step++) {
                browser.script("document.getElementById(arguments[0]).click()", button);
                Thread.sleep(120);
            }
        }
        return frames(browser);
    }

    private List<Double> profiled(HeadlessBrowser browser, String action, Action measured) throws Exception {
        if (profiles == null) {
            return measured.run();
        }
        browser.startProfiling();
        List<Double> frames = measured.run();
        browser.stopProfiling(profiles.resolve("designer-" + action + ".cpuprofile"));
        return frames;
    }

    @FunctionalInterface
    private interface Action {
        List<Double> run() throws Exception;
    }

    private static List<Double> frames(HeadlessBrowser browser) throws InterruptedException {
        Thread.sleep(300);
        List<?> frames = (List<?>) browser.script("return window.omnilineBench.stop()");
        return frames.stream().map(DesignerBenchmark::number).toList();
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static String resource(String name) {
        try (InputStream in = DesignerBenchmark.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

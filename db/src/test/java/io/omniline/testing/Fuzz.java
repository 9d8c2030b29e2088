package io.omniline.testing;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Runs a fuzz property as a plain JUnit test: {@code fuzz.tries} cases (100 in the suite), each
 * from a {@link Random} of its own seed and within a time limit. A failure names the case's seed;
 * {@code -Dfuzz.seed=S -Dfuzz.tries=1} replays exactly that case, and {@code -Dfuzz.seed=S} alone
 * replays the whole run whose first case had seed S. With {@code -Dfuzz.onlyFailures=false} each
 * property also prints its count and seed when it passes.
 *
 * <p>The generators are small static methods over that {@link Random}. They lean towards the
 * edges (empty, one, the maximum) as often as towards the middle, since that is where parsers
 * break.
 */
public final class Fuzz {

    /** Characters that trip parsers more than letters do: controls, NUL, separators, wide and broken UTF-16. */
    private static final String AWKWARD =
            "\u0000\t\n\r \"'\\:;,=<>/{}[]%\u007f\u0080\u00a0\u00e9\u2028\ufeff\uffff\ud800\udc00";

    private Fuzz() {}

    /** One made-up case: generate from the random source, then assert. */
    @FunctionalInterface
    public interface Case {
        void run(Random random) throws Throwable;
    }

    /** Runs the property's cases, each within {@code perCase}; the first failure stops the run and names its seed. */
    public static void cases(Duration perCase, Case property) {
        int tries = Integer.getInteger("fuzz.tries", 100);
        long first = firstSeed();
        Random seeds = new Random(first);
        long seed = first;
        for (int n = 1; n <= tries; n++) {
            Random random = new Random(seed);
            try {
                assertTimeoutPreemptively(perCase, () -> property.run(random));
            } catch (Throwable failure) {
                throw new AssertionError(
                        "fuzz case " + n + " of " + tries + " failed; replay it with -Dfuzz.seed=" + seed
                                + " -Dfuzz.tries=1 (this run: -Dfuzz.seed=" + first + ")",
                        failure);
            }
            seed = seeds.nextLong();
        }
        if (!Boolean.parseBoolean(System.getProperty("fuzz.onlyFailures", "true"))) {
            System.out.println("fuzz: " + caller() + ": " + tries + " cases passed, -Dfuzz.seed=" + first);
        }
    }

    private static long firstSeed() {
        String given = System.getProperty("fuzz.seed", "").strip();
        return given.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(given);
    }

    private static String caller() {
        return StackWalker.getInstance()
                .walk(frames -> frames.filter(frame -> !frame.getClassName().equals(Fuzz.class.getName()))
                        .findFirst()
                        .map(frame -> frame.getClassName()
                                        .substring(frame.getClassName().lastIndexOf('.') + 1) + "."
                                + frame.getMethodName())
                        .orElse("?"));
    }

    /** A number in {@code [min, max]}, both ends included. */
    public static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** A size from 0 to {@code max}: a third of the time 0, 1 or {@code max}, otherwise anywhere between. */
    public static int size(Random random, int max) {
        return switch (random.nextInt(9)) {
            case 0 -> 0;
            case 1 -> Math.min(1, max);
            case 2 -> max;
            default -> random.nextInt(max + 1);
        };
    }

    /** An index into the weights, each chosen as often as its weight says. */
    public static int weighted(Random random, int... weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("no weights");
    }

    @SafeVarargs
    public static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    public static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Any bytes, up to {@code maxSize} of them. */
    public static byte[] bytes(Random random, int maxSize) {
        byte[] bytes = new byte[size(random, maxSize)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Any text up to {@code maxLength} chars: ASCII mostly, then awkward characters and any UTF-16 unit, lone halves too. */
    public static String string(Random random, int maxLength) {
        int length = size(random, maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(
                    switch (weighted(random, 6, 2, 2)) {
                        case 0 -> (char) between(random, ' ', '~');
                        case 1 -> AWKWARD.charAt(random.nextInt(AWKWARD.length()));
                        default -> (char) random.nextInt(Character.MAX_VALUE + 1);
                    });
        }
        return text.toString();
    }

    /** Text of only the given characters, up to {@code maxLength}. */
    public static String string(Random random, String chars, int maxLength) {
        int length = size(random, maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(chars.charAt(random.nextInt(chars.length())));
        }
        return text.toString();
    }

    /** Text of characters from {@code first} to {@code last}, up to {@code maxLength}. */
    public static String string(Random random, char first, char last, int maxLength) {
        int length = size(random, maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) between(random, first, last));
        }
        return text.toString();
    }

    /** Up to {@code maxSize} elements, each made by {@code element}. */
    public static <T> List<T> list(Random random, int maxSize, Function<Random, T> element) {
        int size = size(random, maxSize);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(random));
        }
        return list;
    }
}

package io.omniline.bridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** What a refusal to a visitor or a provider must be: a short message in words, nothing of Java or SQL in it. */
public final class PlainWords {

    private PlainWords() {}

    public static void assertPlainWords(String message) {
        assertThat(message)
                .isNotBlank()
                .hasSizeLessThan(300)
                .doesNotContain("java.", "jackson", "Exception", "io.omniline", "`", "\tat ", "SQL");
    }
}

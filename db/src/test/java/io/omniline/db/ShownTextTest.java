package io.omniline.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names and messages people type, as others see them. */
class ShownTextTest {

    @Test
    void aNameLosesControlsBidiOverridesAndZeroWidthCharactersAndStaysOnOneLine() {
        assertThat(ShownText.oneLine("Ann\u202Eeb\u202C Lee")).isEqualTo("Anneb Lee");
        assertThat(ShownText.oneLine("\u2066Mia\u2069\u200B \u200C\u200D\u2060\uFEFFOrt\u0007\u0085"))
                .isEqualTo("Mia Ort");
        assertThat(ShownText.oneLine("  two\r\nlines\t here ")).isEqualTo("two lines here");
        assertThat(ShownText.oneLine("Zoë 写真 O'Brien-Smith")).isEqualTo("Zoë 写真 O'Brien-Smith");
        assertThat(ShownText.oneLine("\u202E\u200B")).isEmpty();
        assertThat(ShownText.oneLine(null)).isNull();
    }

    @Test
    void aMessageKeepsLinesTabsZeroWidthJoinersAndEverythingElseButLosesOtherControlsAndBidiOverrides() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        assertThat(ShownText.message("line one\nline two\r\n\tindented " + family))
                .isEqualTo("line one\nline two\r\n\tindented " + family);
        assertThat(ShownText.message("ding\u0007 \u001B[31mred\u009B \u202Ereversed\u202C \u2066iso\u2069"))
                .isEqualTo("ding [31mred reversed iso");
        assertThat(ShownText.message("zero\u200Bwidth stays")).isEqualTo("zero\u200Bwidth stays");
        String plain = "nothing to change";
        assertThat(ShownText.message(plain)).isSameAs(plain);
        assertThat(ShownText.message(null)).isNull();
    }
}

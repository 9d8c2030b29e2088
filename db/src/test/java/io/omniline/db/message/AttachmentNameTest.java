package io.omniline.db.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The file names senders choose, as the agent sees and saves them. */
class AttachmentNameTest {

    @Test
    void anOrdinaryNameStaysAsItIs() {
        assertThat(AttachmentName.of("Invoice 42 (final).pdf")).isEqualTo("Invoice 42 (final).pdf");
        assertThat(AttachmentName.of("Übersicht 2026.xlsx")).isEqualTo("Übersicht 2026.xlsx");
        assertThat(AttachmentName.of("写真.jpg")).isEqualTo("写真.jpg");
    }

    @Test
    void foldersOfEitherKindAreDropped() {
        assertThat(AttachmentName.of("../../etc/passwd")).isEqualTo("passwd");
        assertThat(AttachmentName.of("C:\\Users\\mia\\Desktop\\photo.jpg")).isEqualTo("photo.jpg");
        assertThat(AttachmentName.of("..")).isEqualTo("attachment");
        assertThat(AttachmentName.of("folder/")).isEqualTo("attachment");
    }

    @Test
    void bidiOverridesAndInvisibleCharactersCannotDisguiseTheExtension() {
        // Shown as "invoiceexe.pdf" by a bidi-aware renderer; it is an .exe.
        assertThat(AttachmentName.of("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
        assertThat(AttachmentName.of("a\u2066b\u2069c\u200B\u200Fd\uFEFF.txt")).isEqualTo("abcd.txt");
        // A bidi control may not hide a folder either.
        assertThat(AttachmentName.of("..\u202E/secret.txt")).isEqualTo("secret.txt");
    }

    @Test
    void controlCharactersGoAndWhitespaceIsOneSpace() {
        assertThat(AttachmentName.of("re\u0000port\u0007.pdf")).isEqualTo("report.pdf");
        assertThat(AttachmentName.of("  two\r\nlines\t here.txt  ")).isEqualTo("two lines here.txt");
        assertThat(AttachmentName.of("a\u2028b.txt")).isEqualTo("a b.txt");
        assertThat(AttachmentName.of("lone \uD800 surrogate.txt")).isEqualTo("lone surrogate.txt");
    }

    @Test
    void aHiddenOrEmptyNameBecomesAttachment() {
        assertThat(AttachmentName.of(".bashrc")).isEqualTo("bashrc");
        assertThat(AttachmentName.of(null)).isEqualTo("attachment");
        assertThat(AttachmentName.of("")).isEqualTo("attachment");
        assertThat(AttachmentName.of("\u202E\u0000 ")).isEqualTo("attachment");
    }

    @Test
    void aVeryLongNameIsCutButKeepsItsExtension() {
        String cut = AttachmentName.of("a".repeat(500) + ".pdf");
        assertThat(cut).hasSize(AttachmentName.MAX_CHARS).endsWith("a.pdf");
        String emoji = AttachmentName.of("😀".repeat(300) + ".png");
        assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(AttachmentName.MAX_CHARS);
        assertThat(emoji).endsWith("😀.png");
    }

    @Test
    void cleaningTwiceChangesNothing() {
        String once = AttachmentName.of("..\\x\u202E/ \u0000.hidden name " + "b".repeat(300) + ".tar.gz");
        assertThat(AttachmentName.of(once)).isEqualTo(once);
    }
}

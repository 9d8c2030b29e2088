package io.omniline.db.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.NotFoundException;
import io.omniline.db.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PromptRepositoryTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    @Test
    void shippedPromptsAreAddedOnceRefreshedWhenChangedAndNeverReplaceAnUpload() {
        PromptRepository prompts = db.repositories().prompts();

        assertThat(prompts.installShipped("omniline/welcome", "en", audio("v1"), "Welcome."))
                .isTrue();
        assertThat(prompts.installShipped("omniline/welcome", "en", audio("v1"), "Welcome."))
                .as("unchanged")
                .isFalse();
        assertThat(prompts.installShipped("omniline/welcome", "en", audio("v2"), "Welcome!"))
                .as("changed")
                .isTrue();
        assertThat(prompts.audio("omniline/welcome", "en"))
                .get()
                .extracting(PromptAudio::sha256)
                .isEqualTo(audio("v2").sha256());

        prompts.upload("omniline/welcome", "en", audio("human"), "Welcome, said by Ana.", "admin");
        assertThat(prompts.installShipped("omniline/welcome", "en", audio("v3"), "Welcome."))
                .isFalse();

        assertThat(prompts.list()).singleElement().satisfies(prompt -> {
            assertThat(prompt.source()).isEqualTo(PromptSource.upload);
            assertThat(prompt.sha256()).isEqualTo(audio("human").sha256());
            assertThat(prompt.words()).isEqualTo("Welcome, said by Ana.");
            assertThat(prompt.updatedBy()).isEqualTo("admin");
        });
        assertThat(db.repositories().auditLog().forEntity("prompt", "omniline/welcome"))
                .extracting(entry -> entry.action())
                .containsExactly("prompt.upload");
    }

    @Test
    void theCatalogueIsEveryNameInAnyLanguageAndADeletedOneIsGone() {
        PromptRepository prompts = db.repositories().prompts();
        prompts.upload("omniline/welcome", "en", audio("a"), null, "admin");
        prompts.upload("omniline/welcome", "es", audio("b"), null, "admin");
        prompts.upload("promo", "pt_BR", audio("c"), null, "admin");

        assertThat(prompts.names()).containsExactly("omniline/welcome", "promo");

        prompts.delete("promo", "pt_BR", "admin");
        assertThat(prompts.names()).containsExactly("omniline/welcome");
        assertThatThrownBy(() -> prompts.delete("promo", "pt_BR", "admin")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aNameThatCouldEscapeTheSoundsDirectoryIsRefused() {
        PromptRepository prompts = db.repositories().prompts();

        for (String name : new String[] {"../../etc/passwd", "/abs", "a/b/c", "UPPER", "omniline/", "sp ace"}) {
            assertThatThrownBy(() -> prompts.upload(name, "en", audio("x"), null, "admin"))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a valid name");
        }
        assertThatThrownBy(() -> prompts.upload("ok", "../en", audio("x"), null, "admin"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(prompts.list()).isEmpty();
    }

    /** Stand-in audio: the schema only checks the RIFF header; the conversion is the server's job. */
    private static PromptAudio audio(String content) {
        byte[] wav = ("RIFF" + content).getBytes(StandardCharsets.US_ASCII);
        try {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(wav);
            return new PromptAudio(wav, HexFormat.of().formatHex(sha), 1000);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.omniline.bridge.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudhopper.commons.charset.CharsetUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShortMessageCodingTest {

    private final ShortMessageDecoder decoder = new ShortMessageDecoder();
    private final SmsSplitter splitter = new SmsSplitter();

    @Test
    void gsmTextWithExtensionCharactersDecodes() {
        String text = "{€} [~] @£$¥ Ünicödé Ä ß";
        byte[] bytes = CharsetUtil.encode(text, CharsetUtil.CHARSET_GSM);
        assertThat(bytes).hasSize(text.length() + 6);
        assertThat(decoder.decode((byte) 0, bytes, false, Optional.empty()).text())
                .isEqualTo(text);
    }

    @Test
    void latin1Ia5AndTheMessageClassGroupDecode() {
        assertThat(decoder.decode((byte) 0x03, "café".getBytes(StandardCharsets.ISO_8859_1), false, Optional.empty())
                        .text())
                .isEqualTo("café");
        assertThat(decoder.decode((byte) 0x01, "plain".getBytes(StandardCharsets.US_ASCII), false, Optional.empty())
                        .text())
                .isEqualTo("plain");
        assertThat(decoder.decode(
                                (byte) 0xF1,
                                CharsetUtil.encode("class 1", CharsetUtil.CHARSET_GSM),
                                false,
                                Optional.empty())
                        .text())
                .isEqualTo("class 1");
    }

    @Test
    void sarParametersCountWhenThereIsNoHeaderAndNonsenseHeadersAreIgnored() {
        ShortMessage.Part sar = new ShortMessage.Part(300, 3, 2);
        assertThat(decoder.decode((byte) 0, new byte[] {0x41}, false, Optional.of(sar))
                        .part())
                .contains(sar);
        byte[] partZeroOfZero = {0x05, 0x00, 0x03, 0x01, 0x00, 0x00, 0x41};
        ShortMessage whole = decoder.decode((byte) 0, partZeroOfZero, true, Optional.empty());
        assertThat(whole.part()).isEmpty();
        assertThat(whole.text()).isEqualTo("A");
    }

    @Test
    void aHeaderLongerThanTheMessageAndOddUcs2AreNotesNotCrashes() {
        assertThat(decoder.decode((byte) 0, new byte[] {0x09, 0x00}, true, Optional.empty())
                        .problem())
                .contains("header");
        assertThat(decoder.decode((byte) 0x08, new byte[] {0x00, 0x41, 0x00}, false, Optional.empty())
                        .problem())
                .isNotNull();
    }

    @Test
    void gsmTextSplitsAt160And153AndNeverCutsAnEscape() {
        assertThat(splitter.split("a".repeat(160), 1))
                .singleElement()
                .satisfies(segment -> assertThat(segment.udhi()).isFalse());
        assertThat(splitter.split("a".repeat(161), 1)).hasSize(2);
        // € takes two septets (escape + code): 80 of them fill exactly one message.
        assertThat(splitter.split("€".repeat(80), 1)).hasSize(1);
        var parts = splitter.split("€".repeat(81), 9);
        assertThat(parts).hasSize(2).allSatisfy(part -> {
            assertThat(part.payload().length - 6).isEven();
            assertThat(part.payload()[3]).isEqualTo((byte) 9);
        });
    }

    @Test
    void unicodeSplitsAt70And67AndNeverCutsASurrogatePair() {
        assertThat(splitter.split("ж".repeat(70), 1))
                .singleElement()
                .satisfies(segment -> assertThat(segment.dataCoding()).isEqualTo((byte) 0x08));
        var parts = splitter.split("🙂".repeat(40), 1);
        assertThat(parts).hasSizeGreaterThan(1);
        StringBuilder joined = new StringBuilder();
        for (var part : parts) {
            String piece = new String(part.payload(), 6, part.payload().length - 6, StandardCharsets.UTF_16BE);
            assertThat(Character.isHighSurrogate(piece.charAt(piece.length() - 1)))
                    .isFalse();
            joined.append(piece);
        }
        assertThat(joined.toString()).isEqualTo("🙂".repeat(40));
    }
}

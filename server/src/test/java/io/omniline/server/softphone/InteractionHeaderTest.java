package io.omniline.server.softphone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The ringing call and its screen pop meet on one header, named in two places that must agree. */
class InteractionHeaderTest {

    @Test
    void theDialplanAddsTheHeaderTheSoftphoneReads() throws Exception {
        String script;
        try (InputStream in = InteractionHeaderTest.class.getResourceAsStream("/web/softphone.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher header =
                Pattern.compile("var INTERACTION_HEADER = \"([A-Za-z-]+)\";").matcher(script);
        assertThat(header.find()).isTrue();

        assertThat(Files.readString(Path.of("../asterisk-conf/extensions.conf")))
                .contains("Set(PJSIP_HEADER(add," + header.group(1) + ")=${OMNILINE_INTERACTION_ID})");
    }
}

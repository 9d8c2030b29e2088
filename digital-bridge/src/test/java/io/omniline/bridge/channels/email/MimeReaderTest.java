package io.omniline.bridge.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MimeReaderTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private final MimeReader reader = new MimeReader(64 * 1024, 1024 * 1024);

    @Test
    void aSendersDisplayNameIsCutToTwoHundredCharactersAndTheMailIsKept() throws Exception {
        MimeMessage sent = new MimeMessage(SESSION);
        sent.setFrom(new InternetAddress("long@example.com", "é".repeat(5_000), "UTF-8"));
        sent.setSubject("hi");
        sent.setText("my order", "UTF-8");
        sent.saveChanges();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        sent.writeTo(wire);

        ParsedEmail parsed = reader.read(
                new MimeMessage(SESSION, new ByteArrayInputStream(wire.toByteArray())), "<fallback@omniline.invalid>");

        assertThat(parsed.fromName()).isEqualTo("é".repeat(200));
        assertThat(parsed.fromAddress()).isEqualTo("long@example.com");
        assertThat(parsed.body()).contains("my order");
    }
}

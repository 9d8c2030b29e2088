package io.omniline.telephony.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protocol transcript recorded from a real Asterisk (see the captures' README): one line
 * per protocol line, {@code +SSSS.mmm >> bytes} for what Asterisk sent and {@code <<} for what
 * it received, with \r \n \t \\ and \xNN escaped. Lines starting with '#' are notes.
 */
public record Transcript(String name, List<Entry> entries) {

    /** One protocol line exactly as it was on the wire, terminator included. */
    public record Entry(double seconds, boolean fromAsterisk, byte[] bytes) {

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The environment block Asterisk sent first, up to and including its empty line, as text. */
    public String environment() {
        StringBuilder block = new StringBuilder();
        for (Entry entry : entries) {
            block.append(entry.text());
            if (entry.text().equals("\n")) {
                break;
            }
        }
        return block.toString();
    }

    public static Transcript load(String resource) {
        try (InputStream in = Transcript.class.getResourceAsStream("/captures/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + resource + " in test resources");
            }
            List<Entry> entries = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                String direction = line.substring(space + 1, space + 3);
                if (!direction.equals(">>") && !direction.equals("<<")) {
                    throw new IllegalArgumentException(resource + ": not a transcript line: " + line);
                }
                entries.add(new Entry(
                        Double.parseDouble(line.substring(1, space)),
                        direction.equals(">>"),
                        unescape(line.substring(space + 4))));
            }
            return new Transcript(resource, List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] unescape(String escaped) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = escaped.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '\\') {
                bytes.write(raw[i]);
                continue;
            }
            char code = (char) raw[++i];
            switch (code) {
                case 'r' -> bytes.write('\r');
                case 'n' -> bytes.write('\n');
                case 't' -> bytes.write('\t');
                case '\\' -> bytes.write('\\');
                case 'x' -> {
                    bytes.write(Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + code + " in " + escaped);
            }
        }
        return bytes.toByteArray();
    }
}

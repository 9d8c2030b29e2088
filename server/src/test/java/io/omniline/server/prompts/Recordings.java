package io.omniline.server.prompts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Recordings made for the tests, as an admin's upload would bring them. */
public final class Recordings {

    private Recordings() {}

    /** One second of a 440 Hz tone, 16-bit stereo at {@code rate}. */
    public static byte[] stereoWav(int rate) throws IOException {
        return stereoWav(rate, 1);
    }

    /** {@code seconds} of a 440 Hz tone, 16-bit stereo at {@code rate}. */
    public static byte[] stereoWav(int rate, int seconds) throws IOException {
        int frames = rate * seconds;
        byte[] pcm = new byte[frames * 4];
        for (int i = 0; i < frames; i++) {
            short value = (short) (12_000 * Math.sin(2 * Math.PI * 440 * i / rate));
            for (int channel = 0; channel < 2; channel++) {
                pcm[4 * i + 2 * channel] = (byte) value;
                pcm[4 * i + 2 * channel + 1] = (byte) (value >> 8);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(pcm), new AudioFormat(rate, 16, 2, true, false), frames),
                AudioFileFormat.Type.WAVE,
                out);
        return out.toByteArray();
    }
}

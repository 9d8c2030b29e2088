package io.omniline.server.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.prompt.PromptAudio;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/** Recordings as admins have them, turned into the 8 kHz 16-bit mono WAV Asterisk plays. */
class PromptConverterTest {

    private final PromptConverter converter = new PromptConverter(Duration.ofMinutes(5));

    @Test
    void aStereo24Bit44kWavBecomes8kMono16BitWithItsPitchAndLength() throws Exception {
        byte[] upload = wav(tone(440, 44_100, 1.0), new AudioFormat(44_100, 24, 2, true, false));

        PromptAudio audio = converter.convert(upload);

        AudioFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(audio.wav()))
                .getFormat();
        assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
        assertThat(format.getSampleRate()).isEqualTo(8000f);
        assertThat(format.getSampleSizeInBits()).isEqualTo(16);
        assertThat(format.getChannels()).isEqualTo(1);
        assertThat(audio.durationMs()).isBetween(990, 1010);
        float[] samples = samples(audio.wav());
        assertThat(zeroCrossings(samples))
                .as("a 440 Hz tone crosses zero about 880 times a second")
                .isBetween(870, 890);
        assertThat(rms(samples)).isGreaterThan(0.3);
        assertThat(audio.sha256()).hasSize(64);
    }

    @Test
    void soundAboveTheTelephoneBandIsFilteredOutNotFoldedBackAsAWhistle() throws Exception {
        byte[] upload = wav(tone(6_000, 44_100, 1.0), new AudioFormat(44_100, 16, 1, true, false));

        float[] samples = samples(converter.convert(upload).wav());

        assertThat(rms(samples)).as("a 6 kHz tone has no place below 4 kHz").isLessThan(0.01);
    }

    @Test
    void eightBitFloatAndMuLawWavsAreConvertedToo() throws Exception {
        byte[] unsigned8 = wav(tone(300, 11_025, 0.5), new AudioFormat(11_025, 8, 1, false, false));
        byte[] float32 = wav(
                tone(300, 48_000, 0.5),
                new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 48_000, 32, 1, 4, 48_000, false));
        byte[] ulaw = ulawWav(tone(300, 8_000, 0.5));

        for (byte[] upload : new byte[][] {unsigned8, float32, ulaw}) {
            PromptAudio audio = converter.convert(upload);
            assertThat(audio.durationMs()).isBetween(490, 510);
            assertThat(zeroCrossings(samples(audio.wav()))).isBetween(290, 310);
        }
    }

    @Test
    void anMp3IsDecodedMixedDownAndResampled() throws Exception {
        byte[] upload;
        try (InputStream in = getClass().getResourceAsStream("/prompts/hello-stereo-22k.mp3")) {
            upload = in.readAllBytes();
        }

        PromptAudio audio = converter.convert(upload);

        AudioFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(audio.wav()))
                .getFormat();
        assertThat(format.getSampleRate()).isEqualTo(8000f);
        assertThat(format.getChannels()).isEqualTo(1);
        assertThat(audio.durationMs())
                .as("espeak's 2.43 s, give or take the decoder's padding")
                .isBetween(2300, 2600);
        assertThat(rms(samples(audio.wav()))).isGreaterThan(0.02);
    }

    @Test
    void whatIsNotARecordingIsRefusedWithAReason() {
        assertThatThrownBy(() -> converter.convert("%PDF-1.7 not a sound".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(NotAudioException.class)
                .hasMessage("the file is not a WAV or MP3 recording; upload a WAV or MP3 file of at most 5 minutes");
        assertThatThrownBy(() -> converter.convert(new byte[0])).isInstanceOf(NotAudioException.class);
        assertThatThrownBy(() -> converter.convert(
                        "RIFF\0\0\0\0WAVEgarbage that is no chunk".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(NotAudioException.class)
                .hasMessage("the file starts like a WAV or MP3 recording but cannot be read as audio;"
                        + " upload a PCM, μ-law or A-law WAV file or an MP3 file");
    }

    @Test
    void aRecordingLongerThanTheLimitIsRefused() throws Exception {
        byte[] upload = wav(tone(440, 8_000, 3.0), new AudioFormat(8_000, 16, 1, true, false));

        assertThatThrownBy(() -> new PromptConverter(Duration.ofSeconds(1)).convert(upload))
                .isInstanceOf(NotAudioException.class)
                .hasMessageContaining("longer than");
    }

    private static float[] tone(double hertz, int rate, double seconds) {
        float[] samples = new float[(int) (rate * seconds)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * hertz * i / rate));
        }
        return samples;
    }

    /** Writes the tone in {@code format} (the same signal on every channel). */
    private static byte[] wav(float[] samples, AudioFormat format) throws IOException {
        int bytesPerSample = format.getSampleSizeInBits() / 8;
        ByteBuffer pcm = ByteBuffer.allocate(samples.length * format.getChannels() * bytesPerSample)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float sample : samples) {
            for (int channel = 0; channel < format.getChannels(); channel++) {
                if (format.getEncoding() == AudioFormat.Encoding.PCM_FLOAT) {
                    pcm.putFloat(sample);
                } else if (bytesPerSample == 1) {
                    pcm.put((byte) (Math.round(sample * 127) + 128));
                } else {
                    int value = Math.round(sample * ((1 << (format.getSampleSizeInBits() - 1)) - 1));
                    for (int b = 0; b < bytesPerSample; b++) {
                        pcm.put((byte) (value >> (8 * b)));
                    }
                }
            }
        }
        return write(pcm.array(), format, samples.length);
    }

    private static byte[] ulawWav(float[] samples) throws IOException {
        byte[] linear = wav(samples, new AudioFormat(8_000, 16, 1, true, false));
        AudioFormat ulaw = new AudioFormat(AudioFormat.Encoding.ULAW, 8_000, 8, 1, 1, 8_000, false);
        try (AudioInputStream source = AudioSystem.getAudioInputStream(new ByteArrayInputStream(linear));
                AudioInputStream encoded = AudioSystem.getAudioInputStream(ulaw, source)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(encoded, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IOException(e);
        }
    }

    private static byte[] write(byte[] pcm, AudioFormat format, long frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(pcm), format, frames), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    private static float[] samples(byte[] wav) {
        ByteBuffer data = ByteBuffer.wrap(wav, 44, wav.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        float[] samples = new float[(wav.length - 44) / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = data.getShort() / 32768f;
        }
        return samples;
    }

    private static int zeroCrossings(float[] samples) {
        int crossings = 0;
        for (int i = 1; i < samples.length; i++) {
            if ((samples[i - 1] < 0) != (samples[i] < 0)) {
                crossings++;
            }
        }
        return crossings;
    }

    private static double rms(float[] samples) {
        double sum = 0;
        int skip = samples.length / 10;
        for (int i = skip; i < samples.length - skip; i++) {
            sum += samples[i] * samples[i];
        }
        return Math.sqrt(sum / Math.max(1, samples.length - 2 * skip));
    }
}

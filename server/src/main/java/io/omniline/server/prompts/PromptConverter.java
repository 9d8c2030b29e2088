package io.omniline.server.prompts;

import io.omniline.db.prompt.PromptAudio;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Turns an uploaded recording into what Asterisk plays without transcoding: an 8 kHz 16-bit
 * mono PCM WAV file. Accepts WAV at any rate, sample size and channel count (PCM, float,
 * μ-law, A-law) and MP3 (through the mp3spi provider); channels are mixed down and the rate is
 * changed with a proper low-pass ({@link Resampler}). Anything else is refused with a reason:
 * the file is recognised by its first bytes, never by its name or declared type.
 */
public final class PromptConverter {

    static final float RATE = 8000;
    /** Enough of the start of a file to tell WAV ("RIFF", size, "WAVE") or MP3 from anything else. */
    private static final int HEAD = 12;

    // Java Sound's own messages ("Stream of unsupported format") name its classes, not the problem.
    private static final String ENCODINGS = "upload a PCM, μ-law or A-law WAV file or an MP3 file";
    private static final String DAMAGED = "the recording is damaged or cut short; " + ENCODINGS;

    private static final AudioFormat ASTERISK =
            new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, RATE, 16, 1, 2, RATE, false);

    private final Duration longest;

    /** @param longest the longest recording accepted */
    public PromptConverter(Duration longest) {
        this.longest = longest;
    }

    public Duration longest() {
        return longest;
    }

    public PromptAudio convert(byte[] upload) {
        return convert(new ByteArrayInputStream(upload));
    }

    /** The recording an upload was received into, read as a stream: it is never held whole in memory. */
    public PromptAudio convert(Path upload) {
        try (InputStream in = Files.newInputStream(upload)) {
            return convert(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the received upload " + upload + " failed", e);
        }
    }

    private PromptAudio convert(InputStream upload) {
        // Java Sound and the header check both look ahead and step back: a buffered stream can.
        InputStream in = new BufferedInputStream(upload, 64 * 1024);
        byte[] head = head(in);
        if (!isWav(head) && !isMp3(head)) {
            throw new NotAudioException("the file is not a WAV or MP3 recording; upload a WAV or MP3 file of at most "
                    + longest.toMinutes() + " minutes");
        }
        Decoded decoded = decode(in);
        float[] mono = Resampler.resample(decoded.samples(), Math.round(decoded.rate()), (int) RATE);
        if (mono.length == 0) {
            throw new NotAudioException("the recording is empty");
        }
        byte[] wav = wav(mono);
        return new PromptAudio(wav, sha256(wav), (int) Math.max(1, Math.round(mono.length * 1000.0 / RATE)));
    }

    /** The first bytes, enough to recognise WAV or MP3, with the stream put back where it was. */
    private static byte[] head(InputStream in) {
        try {
            in.mark(HEAD);
            byte[] head = in.readNBytes(HEAD);
            in.reset();
            return head;
        } catch (IOException e) {
            throw new NotAudioException(DAMAGED, e);
        }
    }

    /** The samples of every channel mixed down to one, in [-1, 1], at the recording's own rate. */
    private Decoded decode(InputStream upload) {
        try (AudioInputStream source = AudioSystem.getAudioInputStream(upload)) {
            AudioFormat format = source.getFormat();
            int channels = format.getChannels();
            float rate = format.getSampleRate();
            if (channels < 1 || rate < 1000 || rate > 384_000) {
                throw new NotAudioException("the recording has " + channels + " channels at " + Math.round(rate)
                        + " samples a second; upload one recorded at 1,000 to 384,000 samples a second");
            }
            AudioFormat pcm =
                    new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, channels * 2, rate, false);
            try (AudioInputStream decoded = AudioSystem.getAudioInputStream(pcm, source)) {
                long frames = (long) (longest.toSeconds() * rate);
                return new Decoded(mixAtMost(decoded, channels, frames), rate);
            }
        } catch (UnsupportedAudioFileException e) {
            throw new NotAudioException(
                    "the file starts like a WAV or MP3 recording but cannot be read as audio; " + ENCODINGS, e);
        } catch (IllegalArgumentException e) {
            if (e instanceof NotAudioException notAudio) {
                throw notAudio;
            }
            throw new NotAudioException("the recording's encoding cannot be converted; " + ENCODINGS, e);
        } catch (IOException | RuntimeException e) {
            throw new NotAudioException(DAMAGED, e);
        }
    }

    /**
     * Mixes the channels down as the PCM is read, so only the mono samples are kept (a stereo
     * recording would otherwise be held twice, as bytes and then as samples).
     */
    private float[] mixAtMost(InputStream pcm, int channels, long limit) throws IOException {
        int frameBytes = 2 * channels;
        float[] mono = new float[16 * 1024];
        int frames = 0;
        byte[] buffer = new byte[frameBytes * 4096];
        int filled = 0;
        int read;
        while ((read = pcm.read(buffer, filled, buffer.length - filled)) != -1) {
            filled += read;
            int whole = filled / frameBytes;
            if (frames + (long) whole > limit) {
                throw new NotAudioException("the recording is longer than " + longest.toMinutes() + " minutes");
            }
            if (frames + whole > mono.length) {
                mono = Arrays.copyOf(mono, Math.max(frames + whole, mono.length * 2));
            }
            for (int frame = 0; frame < whole; frame++) {
                float sum = 0;
                for (int channel = 0; channel < channels; channel++) {
                    int at = frame * frameBytes + channel * 2;
                    sum += (short) ((buffer[at] & 0xff) | (buffer[at + 1] << 8)) / 32768f;
                }
                mono[frames + frame] = sum / channels;
            }
            frames += whole;
            int rest = filled - whole * frameBytes;
            System.arraycopy(buffer, whole * frameBytes, buffer, 0, rest);
            filled = rest;
        }
        return Arrays.copyOf(mono, frames);
    }

    private static byte[] wav(float[] samples) {
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            int value = Math.round(Math.max(-1f, Math.min(1f, samples[i])) * 32767f);
            pcm[2 * i] = (byte) value;
            pcm[2 * i + 1] = (byte) (value >> 8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(pcm.length + 44);
        try (AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(pcm), ASTERISK, samples.length)) {
            AudioSystem.write(stream, AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing a WAV file in memory failed", e);
        }
        return out.toByteArray();
    }

    static boolean isWav(byte[] bytes) {
        return bytes.length >= 12 && startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WAVE");
    }

    /** An ID3 tag, or an MPEG audio frame header (11 sync bits, layer not "reserved"). */
    static boolean isMp3(byte[] bytes) {
        if (bytes.length >= 3 && startsWith(bytes, 0, "ID3")) {
            return true;
        }
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xe0) == 0xe0 && (bytes[1] & 0x06) != 0;
    }

    private static boolean startsWith(byte[] bytes, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private record Decoded(float[] samples, float rate) {}
}

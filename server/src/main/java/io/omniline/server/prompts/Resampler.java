package io.omniline.server.prompts;

/**
 * Changes a signal's sample rate by windowed-sinc interpolation, low-passing below the lower
 * of the two Nyquist frequencies first, so that a 44.1 kHz recording brought down to the
 * telephone's 8 kHz keeps no energy above 4 kHz to fold back as hiss and whistles (the JDK's
 * own rate conversion interpolates linearly and does fold it back).
 */
final class Resampler {

    /** Zero crossings of the sinc on each side; more is sharper and slower. */
    private static final int ZERO_CROSSINGS = 16;
    /** The pass band ends a little below Nyquist, where the window's transition band begins. */
    private static final double PASS = 0.92;

    private Resampler() {}

    static float[] resample(float[] in, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return in;
        }
        double ratio = (double) toRate / fromRate;
        double cutoff = Math.min(1.0, ratio) * PASS;
        double halfWidth = ZERO_CROSSINGS / cutoff;
        int length = (int) Math.floor(in.length * ratio);
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            double center = i / ratio;
            int first = (int) Math.ceil(center - halfWidth);
            int last = (int) Math.floor(center + halfWidth);
            double sum = 0;
            for (int k = Math.max(0, first); k <= Math.min(in.length - 1, last); k++) {
                double distance = center - k;
                sum += in[k] * cutoff * sinc(cutoff * distance) * blackman(distance / halfWidth);
            }
            out[i] = (float) sum;
        }
        return out;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** The Blackman window over [-1, 1]. */
    private static double blackman(double x) {
        if (Math.abs(x) >= 1) {
            return 0;
        }
        double phase = Math.PI * (x + 1);
        return 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
    }
}

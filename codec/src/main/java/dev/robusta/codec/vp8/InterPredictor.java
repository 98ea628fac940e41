package dev.robusta.codec.vp8;

/**
 * Motion-compensated prediction kernels (RFC 6386 section 18): copies a block from a reference plane at a
 * whole-pixel position, interpolating eighth-pel fractions with the six-tap filters (version 0) or the bilinear
 * filters (versions 1-3). Both are two separable passes, horizontal then vertical, each rounded (and, for six
 * taps, clamped) to 8 bits; a pass whose fraction is 0 is the identity and is skipped.
 */
final class InterPredictor {
    /** Six-tap filters by eighth-pel fraction (odd fractions are reached by chroma only). */
    private static final int[][] SIXTAP = {
        {0, 0, 128, 0, 0, 0},
        {0, -6, 123, 12, -1, 0},
        {2, -11, 108, 36, -8, 1},
        {0, -9, 93, 50, -6, 0},
        {3, -16, 77, 77, -16, 3},
        {0, -6, 50, 93, -9, 0},
        {1, -8, 36, 108, -11, 2},
        {0, -1, 12, 123, -6, 0}};

    /** Scratch rows a two-pass filter needs: a 16x16 block plus five rows of taps. */
    static final int SCRATCH_SIZE = 16 * 21;

    private InterPredictor() {
    }

    /**
     * Predicts a {@code w} x {@code h} block into {@code dst} from {@code ref} at {@code src} (the whole-pixel
     * position), with eighth-pel fractions {@code fx}, {@code fy} (0..7).
     */
    static void predict(byte[] ref, int src, int refStride, byte[] dst, int dstOff, int dstStride, int w, int h,
                        int fx, int fy, boolean bilinear, int[] scratch) {
        if ((fx | fy) == 0) {
            Pixels.copy(ref, src, refStride, dst, dstOff, dstStride, w, h);
        } else if (bilinear) {
            bilinear(ref, src, refStride, dst, dstOff, dstStride, w, h, fx, fy, scratch);
        } else if (fy == 0) {
            sixtapHorizontal(ref, src, refStride, dst, dstOff, dstStride, w, h, SIXTAP[fx]);
        } else if (fx == 0) {
            sixtapVertical(ref, src, refStride, dst, dstOff, dstStride, w, h, SIXTAP[fy]);
        } else {
            sixtap2d(ref, src, refStride, dst, dstOff, dstStride, w, h, SIXTAP[fx], SIXTAP[fy], scratch);
        }
    }

    private static void sixtapHorizontal(byte[] ref, int src, int refStride, byte[] dst, int dstOff,
                                         int dstStride, int w, int h, int[] f) {
        int f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5];
        for (int r = 0; r < h; r++) {
            int s = src + r * refStride;
            int d = dstOff + r * dstStride;
            for (int c = 0; c < w; c++, s++) {
                int v = (ref[s - 2] & 0xff) * f0 + (ref[s - 1] & 0xff) * f1 + (ref[s] & 0xff) * f2
                        + (ref[s + 1] & 0xff) * f3 + (ref[s + 2] & 0xff) * f4 + (ref[s + 3] & 0xff) * f5 + 64;
                dst[d + c] = clamp(v >> 7);
            }
        }
    }

    private static void sixtapVertical(byte[] ref, int src, int refStride, byte[] dst, int dstOff,
                                       int dstStride, int w, int h, int[] f) {
        int f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5];
        int s2 = 2 * refStride;
        int s3 = 3 * refStride;
        for (int r = 0; r < h; r++) {
            int s = src + r * refStride;
            int d = dstOff + r * dstStride;
            for (int c = 0; c < w; c++, s++) {
                int v = (ref[s - s2] & 0xff) * f0 + (ref[s - refStride] & 0xff) * f1 + (ref[s] & 0xff) * f2
                        + (ref[s + refStride] & 0xff) * f3 + (ref[s + s2] & 0xff) * f4 + (ref[s + s3] & 0xff) * f5
                        + 64;
                dst[d + c] = clamp(v >> 7);
            }
        }
    }

    private static void sixtap2d(byte[] ref, int src, int refStride, byte[] dst, int dstOff, int dstStride,
                                 int w, int h, int[] fh, int[] fv, int[] tmp) {
        int f0 = fh[0], f1 = fh[1], f2 = fh[2], f3 = fh[3], f4 = fh[4], f5 = fh[5];
        int rows = h + 5;
        for (int r = 0; r < rows; r++) {
            int s = src + (r - 2) * refStride;
            int t = r * w;
            for (int c = 0; c < w; c++, s++) {
                int v = (ref[s - 2] & 0xff) * f0 + (ref[s - 1] & 0xff) * f1 + (ref[s] & 0xff) * f2
                        + (ref[s + 1] & 0xff) * f3 + (ref[s + 2] & 0xff) * f4 + (ref[s + 3] & 0xff) * f5 + 64;
                v >>= 7;
                tmp[t + c] = v < 0 ? 0 : (v > 255 ? 255 : v);
            }
        }
        int g0 = fv[0], g1 = fv[1], g2 = fv[2], g3 = fv[3], g4 = fv[4], g5 = fv[5];
        for (int r = 0; r < h; r++) {
            int t = (r + 2) * w;
            int d = dstOff + r * dstStride;
            for (int c = 0; c < w; c++, t++) {
                int v = tmp[t - 2 * w] * g0 + tmp[t - w] * g1 + tmp[t] * g2 + tmp[t + w] * g3 + tmp[t + 2 * w] * g4
                        + tmp[t + 3 * w] * g5 + 64;
                dst[d + c] = clamp(v >> 7);
            }
        }
    }

    private static void bilinear(byte[] ref, int src, int refStride, byte[] dst, int dstOff, int dstStride,
                                 int w, int h, int fx, int fy, int[] tmp) {
        int h0 = 128 - 16 * fx;
        int h1 = 16 * fx;
        for (int r = 0; r <= h; r++) {
            int s = src + r * refStride;
            int t = r * w;
            for (int c = 0; c < w; c++, s++) {
                tmp[t + c] = ((ref[s] & 0xff) * h0 + (ref[s + 1] & 0xff) * h1 + 64) >> 7;
            }
        }
        int v0 = 128 - 16 * fy;
        int v1 = 16 * fy;
        for (int r = 0; r < h; r++) {
            int t = r * w;
            int d = dstOff + r * dstStride;
            for (int c = 0; c < w; c++, t++) {
                dst[d + c] = (byte) ((tmp[t] * v0 + tmp[t + w] * v1 + 64) >> 7);
            }
        }
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
    }
}

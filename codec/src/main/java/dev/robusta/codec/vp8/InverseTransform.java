package dev.robusta.codec.vp8;

/**
 * The inverse transforms of RFC 6386 section 14: the 4x4 integer DCT (added onto the prediction in place) and the
 * Walsh-Hadamard transform of the Y2 block. Intermediate values are truncated to 16 bits where libvpx stores them
 * in {@code short}s, which only matters for absurd coefficients but keeps those exact too.
 */
final class InverseTransform {
    private static final int COS_PI8_SQRT2_MINUS1 = 20091;
    private static final int SIN_PI8_SQRT2 = 35468;

    private InverseTransform() {
    }

    /**
     * Inverse DCT of the 16 coefficients at {@code in[inOff..]}, added to the 4x4 block of {@code p} at
     * {@code dst}, clamped to 0..255. Uses {@code tmp} (16 ints) as scratch. Clears the coefficients.
     */
    static void idctAdd(int[] in, int inOff, int[] tmp, byte[] p, int dst, int stride) {
        for (int i = 0; i < 4; i++) {
            int i0 = in[inOff + i];
            int i1 = in[inOff + 4 + i];
            int i2 = in[inOff + 8 + i];
            int i3 = in[inOff + 12 + i];
            int a1 = i0 + i2;
            int b1 = i0 - i2;
            int c1 = ((i1 * SIN_PI8_SQRT2) >> 16) - (i3 + ((i3 * COS_PI8_SQRT2_MINUS1) >> 16));
            int d1 = (i1 + ((i1 * COS_PI8_SQRT2_MINUS1) >> 16)) + ((i3 * SIN_PI8_SQRT2) >> 16);
            tmp[i] = (short) (a1 + d1);
            tmp[12 + i] = (short) (a1 - d1);
            tmp[4 + i] = (short) (b1 + c1);
            tmp[8 + i] = (short) (b1 - c1);
        }
        for (int r = 0; r < 4; r++) {
            int t0 = tmp[4 * r];
            int t1 = tmp[4 * r + 1];
            int t2 = tmp[4 * r + 2];
            int t3 = tmp[4 * r + 3];
            int a1 = t0 + t2;
            int b1 = t0 - t2;
            int c1 = ((t1 * SIN_PI8_SQRT2) >> 16) - (t3 + ((t3 * COS_PI8_SQRT2_MINUS1) >> 16));
            int d1 = (t1 + ((t1 * COS_PI8_SQRT2_MINUS1) >> 16)) + ((t3 * SIN_PI8_SQRT2) >> 16);
            int o = dst + r * stride;
            p[o] = clampAdd(p[o], (short) ((a1 + d1 + 4) >> 3));
            p[o + 3] = clampAdd(p[o + 3], (short) ((a1 - d1 + 4) >> 3));
            p[o + 1] = clampAdd(p[o + 1], (short) ((b1 + c1 + 4) >> 3));
            p[o + 2] = clampAdd(p[o + 2], (short) ((b1 - c1 + 4) >> 3));
        }
        for (int i = 0; i < 16; i++) {
            in[inOff + i] = 0;
        }
    }

    /** The inverse DCT of a block whose only coefficient is {@code dc}: adds {@code (dc + 4) >> 3} everywhere. */
    static void dcOnlyAdd(int dc, byte[] p, int dst, int stride) {
        int add = ((short) dc + 4) >> 3;
        for (int r = 0; r < 4; r++) {
            int o = dst + r * stride;
            p[o] = clampAdd(p[o], add);
            p[o + 1] = clampAdd(p[o + 1], add);
            p[o + 2] = clampAdd(p[o + 2], add);
            p[o + 3] = clampAdd(p[o + 3], add);
        }
    }

    /**
     * Inverse Walsh-Hadamard transform of the Y2 block at {@code in[inOff..]}: writes the 16 luma DC values to
     * {@code out[0], out[16], ... out[240]} (each luma block's coefficient 0). Clears the Y2 coefficients.
     */
    static void iwht(int[] in, int inOff, int[] tmp, int[] out) {
        for (int i = 0; i < 4; i++) {
            int i0 = in[inOff + i];
            int i1 = in[inOff + 4 + i];
            int i2 = in[inOff + 8 + i];
            int i3 = in[inOff + 12 + i];
            int a1 = i0 + i3;
            int b1 = i1 + i2;
            int c1 = i1 - i2;
            int d1 = i0 - i3;
            tmp[i] = (short) (a1 + b1);
            tmp[4 + i] = (short) (c1 + d1);
            tmp[8 + i] = (short) (a1 - b1);
            tmp[12 + i] = (short) (d1 - c1);
        }
        for (int r = 0; r < 4; r++) {
            int t0 = tmp[4 * r];
            int t1 = tmp[4 * r + 1];
            int t2 = tmp[4 * r + 2];
            int t3 = tmp[4 * r + 3];
            int a1 = t0 + t3;
            int b1 = t1 + t2;
            int c1 = t1 - t2;
            int d1 = t0 - t3;
            out[(4 * r) * 16] = (short) ((a1 + b1 + 3) >> 3);
            out[(4 * r + 1) * 16] = (short) ((c1 + d1 + 3) >> 3);
            out[(4 * r + 2) * 16] = (short) ((a1 - b1 + 3) >> 3);
            out[(4 * r + 3) * 16] = (short) ((d1 - c1 + 3) >> 3);
        }
        for (int i = 0; i < 16; i++) {
            in[inOff + i] = 0;
        }
    }

    private static byte clampAdd(byte pixel, int delta) {
        int v = (pixel & 0xff) + delta;
        return (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
    }
}

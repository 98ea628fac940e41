package dev.robusta.codec.vp8;

/**
 * The encoder's forward transforms: the 4x4 integer DCT whose inverse is {@link InverseTransform#idctAdd} (the
 * usual VP8 fixed-point approximation, constants 2217 and 5352 being 4096 x sqrt(2) x sin and cos of pi/8), and the
 * Walsh-Hadamard transform of the 16 luma DC values, exactly inverse to {@link InverseTransform#iwht}.
 */
final class ForwardTransform {
    private ForwardTransform() {
    }

    /** DCT of the 4x4 residual {@code in[inOff..]} (rows of {@code inStride}) into {@code out[outOff..]}. */
    static void fdct(int[] in, int inOff, int inStride, int[] tmp, int[] out, int outOff) {
        for (int r = 0; r < 4; r++) {
            int o = inOff + r * inStride;
            int a1 = (in[o] + in[o + 3]) * 8;
            int b1 = (in[o + 1] + in[o + 2]) * 8;
            int c1 = (in[o + 1] - in[o + 2]) * 8;
            int d1 = (in[o] - in[o + 3]) * 8;
            tmp[4 * r] = a1 + b1;
            tmp[4 * r + 2] = a1 - b1;
            tmp[4 * r + 1] = (c1 * 2217 + d1 * 5352 + 14500) >> 12;
            tmp[4 * r + 3] = (d1 * 2217 - c1 * 5352 + 7500) >> 12;
        }
        for (int c = 0; c < 4; c++) {
            int a1 = tmp[c] + tmp[12 + c];
            int b1 = tmp[4 + c] + tmp[8 + c];
            int c1 = tmp[4 + c] - tmp[8 + c];
            int d1 = tmp[c] - tmp[12 + c];
            out[outOff + c] = (a1 + b1 + 7) >> 4;
            out[outOff + 8 + c] = (a1 - b1 + 7) >> 4;
            out[outOff + 4 + c] = ((c1 * 2217 + d1 * 5352 + 12000) >> 16) + (d1 != 0 ? 1 : 0);
            out[outOff + 12 + c] = (d1 * 2217 - c1 * 5352 + 51000) >> 16;
        }
    }

    /**
     * Walsh-Hadamard transform of 16 DC values ({@code in[k * 16]}, raster order of the luma blocks) into
     * {@code out[outOff..]}: half of H x Y x H, so that the decoder's (H x X x H + 3) >> 3 gives back Y.
     */
    static void fwht(int[] in, int[] tmp, int[] out, int outOff) {
        for (int r = 0; r < 4; r++) {
            int i0 = in[(4 * r) * 16];
            int i1 = in[(4 * r + 1) * 16];
            int i2 = in[(4 * r + 2) * 16];
            int i3 = in[(4 * r + 3) * 16];
            tmp[4 * r] = i0 + i1 + i2 + i3;
            tmp[4 * r + 1] = i0 + i1 - i2 - i3;
            tmp[4 * r + 2] = i0 - i1 - i2 + i3;
            tmp[4 * r + 3] = i0 - i1 + i2 - i3;
        }
        for (int c = 0; c < 4; c++) {
            int t0 = tmp[c];
            int t1 = tmp[4 + c];
            int t2 = tmp[8 + c];
            int t3 = tmp[12 + c];
            out[outOff + c] = half(t0 + t1 + t2 + t3);
            out[outOff + 4 + c] = half(t0 + t1 - t2 - t3);
            out[outOff + 8 + c] = half(t0 - t1 - t2 + t3);
            out[outOff + 12 + c] = half(t0 - t1 + t2 - t3);
        }
    }

    private static int half(int v) {
        return v >= 0 ? (v + 1) >> 1 : -((-v + 1) >> 1);
    }
}

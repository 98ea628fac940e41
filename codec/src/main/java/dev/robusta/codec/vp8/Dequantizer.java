package dev.robusta.codec.vp8;

/**
 * Dequantization factors of one frame (RFC 6386 section 14.1, 9.6), per segment: luma DC and AC, Y2 DC and AC,
 * chroma DC and AC, from the frame's base index, its five deltas and the segments' quantizer adjustments.
 */
final class Dequantizer {
    /** Six factors per segment, in the order {@link TokenDecoder#decode} takes them. */
    final int[][] factors = new int[4][6];

    void setUp(FrameHeader h, Segmentation seg) {
        for (int s = 0; s < 4; s++) {
            int q = h.qIndex;
            if (seg.enabled) {
                q = seg.absoluteValues ? seg.quantizer[s] : q + seg.quantizer[s];
                q = clampIndex(q);
            }
            int[] f = factors[s];
            f[0] = Vp8Tables.DC_QUANT[clampIndex(q + h.y1DcDelta)];
            f[1] = Vp8Tables.AC_QUANT[clampIndex(q)];
            f[2] = Vp8Tables.DC_QUANT[clampIndex(q + h.y2DcDelta)] * 2;
            // x * 155 / 100, as libvpx computes it.
            f[3] = Math.max(8, (Vp8Tables.AC_QUANT[clampIndex(q + h.y2AcDelta)] * 101581) >> 16);
            f[4] = Math.min(132, Vp8Tables.DC_QUANT[clampIndex(q + h.uvDcDelta)]);
            f[5] = Vp8Tables.AC_QUANT[clampIndex(q + h.uvAcDelta)];
        }
    }

    private static int clampIndex(int q) {
        return q < 0 ? 0 : Math.min(q, 127);
    }
}

package dev.robusta.codec.vp8;

/**
 * Loop filter kernels (RFC 6386 section 15) over one edge of a plane, in place. An edge is {@code count} pixels
 * long; {@code step} is the distance between the pixels across it (1 for a vertical edge, the stride for a
 * horizontal one) and {@code pitch} the distance between successive positions along it.
 *
 * <p>Values are handled as libvpx handles them: pixels biased to signed bytes, every intermediate clamped to
 * -128..127, shifts arithmetic.
 */
final class LoopFilter {
    private LoopFilter() {
    }

    /**
     * The normal filter on a subblock edge inside a macroblock: adjusts up to two pixels on each side.
     *
     * @param edgeLimit     the limit on the difference across the edge ({@code 2 * level + interior})
     * @param interiorLimit the limit on differences between pixels on the same side
     * @param hevThreshold  above it, an edge has high variance and only the inner pixels move
     */
    static void subblockEdge(byte[] p, int off, int step, int pitch, int count, int edgeLimit, int interiorLimit,
                             int hevThreshold) {
        int s2 = 2 * step;
        int s3 = 3 * step;
        int s4 = 4 * step;
        for (int i = 0; i < count; i++, off += pitch) {
            int p1 = p[off - s2] & 0xff;
            int p0 = p[off - step] & 0xff;
            int q0 = p[off] & 0xff;
            int q1 = p[off + step] & 0xff;
            int d10 = Math.abs(p1 - p0);
            int e10 = Math.abs(q1 - q0);
            boolean hev = d10 > hevThreshold || e10 > hevThreshold;
            int f = hev ? clamp(clamp(p1 - q1) + 3 * (q0 - p0)) : clamp(3 * (q0 - p0));
            // The adjustments below are (f + 4) >> 3, (f + 3) >> 3 and half the first: all 0 when |f| <= 3, so the
            // pixels would not change and the edge mask need not be computed (usual on smooth areas).
            if (f >= -3 && f <= 3) {
                continue;
            }
            int p3 = p[off - s4] & 0xff;
            int p2 = p[off - s3] & 0xff;
            int q2 = p[off + s2] & 0xff;
            int q3 = p[off + s3] & 0xff;
            // Negative when any difference exceeds its limit: then the edge is left alone.
            int mask = (interiorLimit - Math.abs(p3 - p2)) | (interiorLimit - Math.abs(p2 - p1))
                    | (interiorLimit - d10) | (interiorLimit - e10) | (interiorLimit - Math.abs(q2 - q1))
                    | (interiorLimit - Math.abs(q3 - q2))
                    | (edgeLimit - (Math.abs(p0 - q0) * 2 + (Math.abs(p1 - q1) >> 1)));
            if (mask < 0) {
                continue;
            }
            int ps0 = p0 - 128;
            int qs0 = q0 - 128;
            int f1 = clamp(f + 4) >> 3;
            p[off] = (byte) (clamp(qs0 - f1) + 128);
            p[off - step] = (byte) (clamp(ps0 + (clamp(f + 3) >> 3)) + 128);
            if (!hev) {
                int a = (f1 + 1) >> 1;
                p[off + step] = (byte) (clamp(q1 - 128 - a) + 128);
                p[off - s2] = (byte) (clamp(p1 - 128 + a) + 128);
            }
        }
    }

    /** The normal filter on a macroblock edge: adjusts up to three pixels on each side. */
    static void macroblockEdge(byte[] p, int off, int step, int pitch, int count, int edgeLimit,
                               int interiorLimit, int hevThreshold) {
        int s2 = 2 * step;
        int s3 = 3 * step;
        int s4 = 4 * step;
        for (int i = 0; i < count; i++, off += pitch) {
            int p1 = p[off - s2] & 0xff;
            int p0 = p[off - step] & 0xff;
            int q0 = p[off] & 0xff;
            int q1 = p[off + step] & 0xff;
            int f = clamp(clamp(p1 - q1) + 3 * (q0 - p0));
            // Every adjustment below, (f + 4) >> 3, (f + 3) >> 3 and (63 + k * f) >> 7 for k <= 27, is 0 when
            // |f| <= 2: the pixels would not change, so neither the edge mask nor the filter is needed.
            if (f >= -2 && f <= 2) {
                continue;
            }
            int p3 = p[off - s4] & 0xff;
            int p2 = p[off - s3] & 0xff;
            int q2 = p[off + s2] & 0xff;
            int q3 = p[off + s3] & 0xff;
            int d10 = Math.abs(p1 - p0);
            int e10 = Math.abs(q1 - q0);
            int mask = (interiorLimit - Math.abs(p3 - p2)) | (interiorLimit - Math.abs(p2 - p1))
                    | (interiorLimit - d10) | (interiorLimit - e10) | (interiorLimit - Math.abs(q2 - q1))
                    | (interiorLimit - Math.abs(q3 - q2))
                    | (edgeLimit - (Math.abs(p0 - q0) * 2 + (Math.abs(p1 - q1) >> 1)));
            if (mask < 0) {
                continue;
            }
            int ps1 = p1 - 128;
            int ps0 = p0 - 128;
            int qs0 = q0 - 128;
            int qs1 = q1 - 128;
            if (d10 > hevThreshold || e10 > hevThreshold) {
                p[off] = (byte) (clamp(qs0 - (clamp(f + 4) >> 3)) + 128);
                p[off - step] = (byte) (clamp(ps0 + (clamp(f + 3) >> 3)) + 128);
            } else {
                int ps2 = p2 - 128;
                int qs2 = q2 - 128;
                int u = clamp((63 + f * 27) >> 7);
                p[off] = (byte) (clamp(qs0 - u) + 128);
                p[off - step] = (byte) (clamp(ps0 + u) + 128);
                u = clamp((63 + f * 18) >> 7);
                p[off + step] = (byte) (clamp(qs1 - u) + 128);
                p[off - s2] = (byte) (clamp(ps1 + u) + 128);
                u = clamp((63 + f * 9) >> 7);
                p[off + s2] = (byte) (clamp(qs2 - u) + 128);
                p[off - s3] = (byte) (clamp(ps2 + u) + 128);
            }
        }
    }

    /** The simple filter (luma only, 16 pixels): adjusts one pixel on each side when the edge difference is small. */
    static void simpleEdge(byte[] p, int off, int step, int pitch, int edgeLimit) {
        for (int i = 0; i < 16; i++, off += pitch) {
            int p1 = p[off - 2 * step] & 0xff;
            int p0 = p[off - step] & 0xff;
            int q0 = p[off] & 0xff;
            int q1 = p[off + step] & 0xff;
            int f = clamp(clamp(p1 - q1) + 3 * (q0 - p0));
            // (f + 4) >> 3 and (f + 3) >> 3 are both 0 when |f| <= 3: nothing would change.
            if (f >= -3 && f <= 3 || Math.abs(p0 - q0) * 2 + (Math.abs(p1 - q1) >> 1) > edgeLimit) {
                continue;
            }
            p[off] = (byte) (clamp(q0 - 128 - (clamp(f + 4) >> 3)) + 128);
            p[off - step] = (byte) (clamp(p0 - 128 + (clamp(f + 3) >> 3)) + 128);
        }
    }

    private static int clamp(int v) {
        return Math.max(-128, Math.min(127, v));
    }
}

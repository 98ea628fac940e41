package dev.robusta.codec.vp8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Loop filter kernels (RFC 6386 section 15) over one edge of a plane, in place. A horizontal edge ({@code H}, the
 * top of a block) is filtered across rows, at {@code count} consecutive pixels; a vertical edge ({@code V}, the
 * left of a block) across columns, at {@code count} rows.
 *
 * <p>Values are handled as libvpx handles them: pixels biased to signed bytes, every intermediate clamped to
 * -128..127, shifts arithmetic. Each position first computes the filter value from the four pixels next to the
 * edge: when it is so small that every adjustment rounds to 0 (the usual case on smooth areas) nothing would
 * change, and the edge mask and the filter are skipped. That early test is the hot loop, so it reads the four
 * pixels of a vertical edge as one 32-bit word, and walks a horizontal edge along consecutive pixels, where the
 * JIT drops the bounds checks.
 */
final class LoopFilter {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private LoopFilter() {
    }

    /**
     * The normal filter on a horizontal subblock edge inside a macroblock: adjusts up to two pixels on each side.
     *
     * @param edgeLimit     the limit on the difference across the edge ({@code 2 * level + interior})
     * @param interiorLimit the limit on differences between pixels on the same side
     * @param hevThreshold  above it, an edge has high variance and only the inner pixels move
     */
    static void subblockEdgeH(byte[] p, int off, int stride, int count, int edgeLimit, int interiorLimit,
                              int hevThreshold) {
        for (int i = 0; i < count; i++) {
            int o = off + i;
            int p1 = p[o - 2 * stride] & 0xff;
            int p0 = p[o - stride] & 0xff;
            int q0 = p[o] & 0xff;
            int q1 = p[o + stride] & 0xff;
            if (subblockChanges(p1, p0, q0, q1, hevThreshold)) {
                subblockPixel(p, o, stride, p1, p0, q0, q1, edgeLimit, interiorLimit, hevThreshold);
            }
        }
    }

    /** {@link #subblockEdgeH} on a vertical edge. */
    static void subblockEdgeV(byte[] p, int off, int stride, int count, int edgeLimit, int interiorLimit,
                              int hevThreshold) {
        for (int i = 0; i < count; i++, off += stride) {
            int w = (int) INTS.get(p, off - 2);
            int p1 = w & 0xff;
            int p0 = (w >>> 8) & 0xff;
            int q0 = (w >>> 16) & 0xff;
            int q1 = w >>> 24;
            if (subblockChanges(p1, p0, q0, q1, hevThreshold)) {
                subblockPixel(p, off, 1, p1, p0, q0, q1, edgeLimit, interiorLimit, hevThreshold);
            }
        }
    }

    /**
     * False when the subblock filter would leave the position unchanged whatever the mask: its adjustments are
     * {@code (f + 4) >> 3}, {@code (f + 3) >> 3} and half the first, all 0 when |f| <= 3.
     */
    private static boolean subblockChanges(int p1, int p0, int q0, int q1, int hevThreshold) {
        int f = 3 * (q0 - p0);
        if (Math.abs(p1 - p0) > hevThreshold || Math.abs(q1 - q0) > hevThreshold) {
            f += clamp(p1 - q1);
        }
        return f < -3 || f > 3;
    }

    private static void subblockPixel(byte[] p, int off, int step, int p1, int p0, int q0, int q1, int edgeLimit,
                                      int interiorLimit, int hevThreshold) {
        int p3 = p[off - 4 * step] & 0xff;
        int p2 = p[off - 3 * step] & 0xff;
        int q2 = p[off + 2 * step] & 0xff;
        int q3 = p[off + 3 * step] & 0xff;
        int d10 = Math.abs(p1 - p0);
        int e10 = Math.abs(q1 - q0);
        // Negative when any difference exceeds its limit: then the edge is left alone.
        int mask = (interiorLimit - Math.abs(p3 - p2)) | (interiorLimit - Math.abs(p2 - p1))
                | (interiorLimit - d10) | (interiorLimit - e10) | (interiorLimit - Math.abs(q2 - q1))
                | (interiorLimit - Math.abs(q3 - q2))
                | (edgeLimit - (Math.abs(p0 - q0) * 2 + (Math.abs(p1 - q1) >> 1)));
        if (mask < 0) {
            return;
        }
        boolean hev = d10 > hevThreshold || e10 > hevThreshold;
        int f = hev ? clamp(clamp(p1 - q1) + 3 * (q0 - p0)) : clamp(3 * (q0 - p0));
        int f1 = clamp(f + 4) >> 3;
        p[off] = (byte) (clamp(q0 - 128 - f1) + 128);
        p[off - step] = (byte) (clamp(p0 - 128 + (clamp(f + 3) >> 3)) + 128);
        if (!hev) {
            int a = (f1 + 1) >> 1;
            p[off + step] = (byte) (clamp(q1 - 128 - a) + 128);
            p[off - 2 * step] = (byte) (clamp(p1 - 128 + a) + 128);
        }
    }

    /** The normal filter on a horizontal macroblock edge: adjusts up to three pixels on each side. */
    static void macroblockEdgeH(byte[] p, int off, int stride, int count, int edgeLimit, int interiorLimit,
                                int hevThreshold) {
        for (int i = 0; i < count; i++) {
            int o = off + i;
            int p1 = p[o - 2 * stride] & 0xff;
            int p0 = p[o - stride] & 0xff;
            int q0 = p[o] & 0xff;
            int q1 = p[o + stride] & 0xff;
            int f = clamp(p1 - q1) + 3 * (q0 - p0);
            // Every adjustment, (f + 4) >> 3, (f + 3) >> 3 and (63 + k * f) >> 7 for k <= 27, is 0 when |f| <= 2.
            if (f < -2 || f > 2) {
                macroblockPixel(p, o, stride, p1, p0, q0, q1, clamp(f), edgeLimit, interiorLimit, hevThreshold);
            }
        }
    }

    /** {@link #macroblockEdgeH} on a vertical edge. */
    static void macroblockEdgeV(byte[] p, int off, int stride, int count, int edgeLimit, int interiorLimit,
                                int hevThreshold) {
        for (int i = 0; i < count; i++, off += stride) {
            int w = (int) INTS.get(p, off - 2);
            int p1 = w & 0xff;
            int p0 = (w >>> 8) & 0xff;
            int q0 = (w >>> 16) & 0xff;
            int q1 = w >>> 24;
            int f = clamp(p1 - q1) + 3 * (q0 - p0);
            if (f < -2 || f > 2) {
                macroblockPixel(p, off, 1, p1, p0, q0, q1, clamp(f), edgeLimit, interiorLimit, hevThreshold);
            }
        }
    }

    private static void macroblockPixel(byte[] p, int off, int step, int p1, int p0, int q0, int q1, int f,
                                        int edgeLimit, int interiorLimit, int hevThreshold) {
        int p3 = p[off - 4 * step] & 0xff;
        int p2 = p[off - 3 * step] & 0xff;
        int q2 = p[off + 2 * step] & 0xff;
        int q3 = p[off + 3 * step] & 0xff;
        int d10 = Math.abs(p1 - p0);
        int e10 = Math.abs(q1 - q0);
        int mask = (interiorLimit - Math.abs(p3 - p2)) | (interiorLimit - Math.abs(p2 - p1))
                | (interiorLimit - d10) | (interiorLimit - e10) | (interiorLimit - Math.abs(q2 - q1))
                | (interiorLimit - Math.abs(q3 - q2))
                | (edgeLimit - (Math.abs(p0 - q0) * 2 + (Math.abs(p1 - q1) >> 1)));
        if (mask < 0) {
            return;
        }
        int ps0 = p0 - 128;
        int qs0 = q0 - 128;
        if (d10 > hevThreshold || e10 > hevThreshold) {
            p[off] = (byte) (clamp(qs0 - (clamp(f + 4) >> 3)) + 128);
            p[off - step] = (byte) (clamp(ps0 + (clamp(f + 3) >> 3)) + 128);
            return;
        }
        int u = clamp((63 + f * 27) >> 7);
        p[off] = (byte) (clamp(qs0 - u) + 128);
        p[off - step] = (byte) (clamp(ps0 + u) + 128);
        u = clamp((63 + f * 18) >> 7);
        p[off + step] = (byte) (clamp(q1 - 128 - u) + 128);
        p[off - 2 * step] = (byte) (clamp(p1 - 128 + u) + 128);
        u = clamp((63 + f * 9) >> 7);
        p[off + 2 * step] = (byte) (clamp(q2 - 128 - u) + 128);
        p[off - 3 * step] = (byte) (clamp(p2 - 128 + u) + 128);
    }

    /**
     * The simple filter (luma only, 16 pixels) on a horizontal edge: adjusts one pixel on each side when the edge
     * difference is small.
     */
    static void simpleEdgeH(byte[] p, int off, int stride, int edgeLimit) {
        for (int i = 0; i < 16; i++) {
            int o = off + i;
            simplePixel(p, o, stride, p[o - 2 * stride] & 0xff, p[o - stride] & 0xff, p[o] & 0xff,
                    p[o + stride] & 0xff, edgeLimit);
        }
    }

    /** {@link #simpleEdgeH} on a vertical edge. */
    static void simpleEdgeV(byte[] p, int off, int stride, int edgeLimit) {
        for (int i = 0; i < 16; i++, off += stride) {
            int w = (int) INTS.get(p, off - 2);
            simplePixel(p, off, 1, w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24, edgeLimit);
        }
    }

    private static void simplePixel(byte[] p, int off, int step, int p1, int p0, int q0, int q1, int edgeLimit) {
        int f = clamp(clamp(p1 - q1) + 3 * (q0 - p0));
        // (f + 4) >> 3 and (f + 3) >> 3 are both 0 when |f| <= 3: nothing would change.
        if (f >= -3 && f <= 3 || Math.abs(p0 - q0) * 2 + (Math.abs(p1 - q1) >> 1) > edgeLimit) {
            return;
        }
        p[off] = (byte) (clamp(q0 - 128 - (clamp(f + 4) >> 3)) + 128);
        p[off - step] = (byte) (clamp(p0 - 128 + (clamp(f + 3) >> 3)) + 128);
    }

    private static int clamp(int v) {
        return Math.max(-128, Math.min(127, v));
    }
}

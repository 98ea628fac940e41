package dev.robusta.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LoopFilter}'s kernels skip positions whose filter value rounds every adjustment to 0, read vertical edges
 * by words and walk horizontal ones by pixel; whatever the pixels and limits, they must leave the plane exactly as
 * a plain transcription of RFC 6386 section 15 (libvpx's {@code loopfilter_filters.c}) does, which is what this test
 * holds them to. The conformance corpus checks the whole decoder against vpxdec; this checks every branch of the
 * kernels on pixels chosen to reach them: flat, smooth, noisy and edged blocks, every level and threshold.
 */
class LoopFilterTest {
    private static final int STRIDE = 40;
    private static final int ROWS = 40;
    /** The edge starts at row and column 16, leaving four pixels before it and room after. */
    private static final int EDGE = 16 * STRIDE + 16;

    private enum Kind { SUBBLOCK, MACROBLOCK, SIMPLE }

    @Test
    void kernelsEqualTheReferenceFilterOnEveryEdgeKind() {
        Random random = new Random(20261123);
        int[] changedByReference = new int[Kind.values().length];
        for (int trial = 0; trial < 30_000; trial++) {
            byte[] plane = texture(random);
            int level = random.nextInt(64);
            int interior = 1 + random.nextInt(63);
            int hev = random.nextInt(4);
            int edgeLimit = 2 * level + interior + (random.nextBoolean() ? 4 : 0);
            int count = random.nextBoolean() ? 16 : 8;
            boolean vertical = random.nextBoolean();
            Kind kind = Kind.values()[random.nextInt(3)];

            byte[] expected = plane.clone();
            reference(kind, expected, vertical, count, edgeLimit, interior, hev);
            byte[] actual = plane.clone();
            switch (kind) {
                case SUBBLOCK -> {
                    if (vertical) {
                        LoopFilter.subblockEdgeV(actual, EDGE, STRIDE, count, edgeLimit, interior, hev);
                    } else {
                        LoopFilter.subblockEdgeH(actual, EDGE, STRIDE, count, edgeLimit, interior, hev);
                    }
                }
                case MACROBLOCK -> {
                    if (vertical) {
                        LoopFilter.macroblockEdgeV(actual, EDGE, STRIDE, count, edgeLimit, interior, hev);
                    } else {
                        LoopFilter.macroblockEdgeH(actual, EDGE, STRIDE, count, edgeLimit, interior, hev);
                    }
                }
                case SIMPLE -> {
                    if (vertical) {
                        LoopFilter.simpleEdgeV(actual, EDGE, STRIDE, edgeLimit);
                    } else {
                        LoopFilter.simpleEdgeH(actual, EDGE, STRIDE, edgeLimit);
                    }
                }
            }
            assertArrayEquals(expected, actual, () -> kind + (vertical ? " vertical" : " horizontal") + " edge, level "
                    + level + ", interior " + interior + ", hev " + hev);
            if (!java.util.Arrays.equals(plane, expected)) {
                changedByReference[kind.ordinal()]++;
            }
        }
        for (Kind kind : Kind.values()) {
            assertTrue(changedByReference[kind.ordinal()] > 1000,
                    kind + " edges the reference filter changed: " + changedByReference[kind.ordinal()]);
        }
    }

    /** Pixels around the edge: flat, a gentle ramp, noise of a random amplitude, and a step across the edge. */
    private static byte[] texture(Random random) {
        byte[] p = new byte[STRIDE * ROWS];
        int base = random.nextInt(256);
        int noise = new int[] {0, 1, 2, 4, 8, 32, 256}[random.nextInt(7)];
        int rampX = random.nextInt(7) - 3;
        int rampY = random.nextInt(7) - 3;
        int step = random.nextInt(3) == 0 ? random.nextInt(81) - 40 : 0;
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < STRIDE; x++) {
                int v = base + rampX * x + rampY * y + (noise > 0 ? random.nextInt(noise) - noise / 2 : 0);
                if (x >= 16 || y >= 16) {
                    v += step;
                }
                p[y * STRIDE + x] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return p;
    }

    /** RFC 6386 section 15, position by position with no shortcut. */
    private static void reference(Kind kind, byte[] p, boolean vertical, int count, int edgeLimit, int interior,
                                  int hev) {
        int step = vertical ? 1 : STRIDE;
        int pitch = vertical ? STRIDE : 1;
        int n = kind == Kind.SIMPLE ? 16 : count;
        for (int i = 0, off = EDGE; i < n; i++, off += pitch) {
            int ps1 = signed(p[off - 2 * step]);
            int ps0 = signed(p[off - step]);
            int qs0 = signed(p[off]);
            int qs1 = signed(p[off + step]);
            if (kind == Kind.SIMPLE) {
                if (Math.abs(ps0 - qs0) * 2 + Math.abs(ps1 - qs1) / 2 > edgeLimit) {
                    continue;
                }
                int f = clamp(clamp(ps1 - qs1) + 3 * (qs0 - ps0));
                p[off] = unsigned(clamp(qs0 - (clamp(f + 4) >> 3)));
                p[off - step] = unsigned(clamp(ps0 + (clamp(f + 3) >> 3)));
                continue;
            }
            int ps3 = signed(p[off - 4 * step]);
            int ps2 = signed(p[off - 3 * step]);
            int qs2 = signed(p[off + 2 * step]);
            int qs3 = signed(p[off + 3 * step]);
            boolean filter = Math.abs(ps3 - ps2) <= interior && Math.abs(ps2 - ps1) <= interior
                    && Math.abs(ps1 - ps0) <= interior && Math.abs(qs1 - qs0) <= interior
                    && Math.abs(qs2 - qs1) <= interior && Math.abs(qs3 - qs2) <= interior
                    && Math.abs(ps0 - qs0) * 2 + Math.abs(ps1 - qs1) / 2 <= edgeLimit;
            if (!filter) {
                continue;
            }
            boolean highVariance = Math.abs(ps1 - ps0) > hev || Math.abs(qs1 - qs0) > hev;
            if (kind == Kind.SUBBLOCK) {
                int f = clamp((highVariance ? clamp(ps1 - qs1) : 0) + 3 * (qs0 - ps0));
                int f1 = clamp(f + 4) >> 3;
                int f2 = clamp(f + 3) >> 3;
                p[off] = unsigned(clamp(qs0 - f1));
                p[off - step] = unsigned(clamp(ps0 + f2));
                if (!highVariance) {
                    int a = (f1 + 1) >> 1;
                    p[off + step] = unsigned(clamp(qs1 - a));
                    p[off - 2 * step] = unsigned(clamp(ps1 + a));
                }
            } else {
                int f = clamp(clamp(ps1 - qs1) + 3 * (qs0 - ps0));
                if (highVariance) {
                    p[off] = unsigned(clamp(qs0 - (clamp(f + 4) >> 3)));
                    p[off - step] = unsigned(clamp(ps0 + (clamp(f + 3) >> 3)));
                } else {
                    int[] weights = {27, 18, 9};
                    for (int k = 0; k < 3; k++) {
                        int u = clamp((63 + f * weights[k]) >> 7);
                        p[off + k * step] = unsigned(clamp(signed(p[off + k * step]) - u));
                        p[off - (k + 1) * step] = unsigned(clamp(signed(p[off - (k + 1) * step]) + u));
                    }
                }
            }
        }
    }

    private static int signed(byte pixel) {
        return (pixel & 0xff) - 128;
    }

    private static byte unsigned(int value) {
        return (byte) (value + 128);
    }

    private static int clamp(int v) {
        return Math.max(-128, Math.min(127, v));
    }
}

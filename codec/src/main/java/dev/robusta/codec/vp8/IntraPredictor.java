package dev.robusta.codec.vp8;

/**
 * Intra prediction kernels (RFC 6386 section 12), writing the predicted block into a plane in place. The pixels
 * above ({@code dst - stride}) and to the left ({@code dst - 1}) are read from the same plane, whose edges the
 * decoder has set up as libvpx does (127 above the frame, 129 left of it).
 */
final class IntraPredictor {
    private IntraPredictor() {
    }

    /**
     * A whole-block mode (16x16 luma or 8x8 chroma, {@code size}) for DC_PRED, V_PRED, H_PRED or TM_PRED. DC_PRED
     * averages only the edges that are inside the frame ({@code haveAbove}, {@code haveLeft}), 128 with neither.
     */
    static void predictBlock(int mode, byte[] p, int dst, int stride, int size, boolean haveAbove,
                             boolean haveLeft) {
        int above = dst - stride;
        switch (mode) {
            case Modes.DC_PRED -> {
                int shift = size == 16 ? 3 : 2;
                int sum = 0;
                int dc;
                if (haveAbove && haveLeft) {
                    for (int i = 0; i < size; i++) {
                        sum += (p[above + i] & 0xff) + (p[dst - 1 + i * stride] & 0xff);
                    }
                    dc = (sum + size) >> (shift + 2);
                } else if (haveAbove) {
                    for (int i = 0; i < size; i++) {
                        sum += p[above + i] & 0xff;
                    }
                    dc = (sum + (size >> 1)) >> (shift + 1);
                } else if (haveLeft) {
                    for (int i = 0; i < size; i++) {
                        sum += p[dst - 1 + i * stride] & 0xff;
                    }
                    dc = (sum + (size >> 1)) >> (shift + 1);
                } else {
                    dc = 128;
                }
                Pixels.fill(p, dst, stride, size, dc);
            }
            case Modes.V_PRED -> {
                Pixels.copy(p, above, 0, p, dst, stride, size, size);
            }
            case Modes.H_PRED -> {
                for (int r = 0, o = dst; r < size; r++, o += stride) {
                    Pixels.fillRow(p, o, size, p[o - 1]);
                }
            }
            default -> { // TM_PRED
                int topLeft = p[above - 1] & 0xff;
                for (int r = 0; r < size; r++) {
                    int o = dst + r * stride;
                    int base = (p[o - 1] & 0xff) - topLeft;
                    for (int c = 0; c < size; c++) {
                        p[o + c] = clamp(base + (p[above + c] & 0xff));
                    }
                }
            }
        }
    }

    /**
     * One 4x4 subblock of a B_PRED macroblock. {@code e} holds its edge: {@code e[0]} the above-left pixel,
     * {@code e[1..8]} the eight pixels above (four above, four above-right), {@code e[9..12]} the four to the left.
     */
    static void predictSubblock(int mode, int[] e, byte[] p, int dst, int stride) {
        int tl = e[0];
        int a0 = e[1], a1 = e[2], a2 = e[3], a3 = e[4], a4 = e[5], a5 = e[6], a6 = e[7], a7 = e[8];
        int l0 = e[9], l1 = e[10], l2 = e[11], l3 = e[12];
        int r0 = dst;
        int r1 = dst + stride;
        int r2 = r1 + stride;
        int r3 = r2 + stride;
        switch (mode) {
            case Modes.B_DC_PRED -> {
                byte v = (byte) ((a0 + a1 + a2 + a3 + l0 + l1 + l2 + l3 + 4) >> 3);
                fill4(p, r0, v);
                fill4(p, r1, v);
                fill4(p, r2, v);
                fill4(p, r3, v);
            }
            case Modes.B_TM_PRED -> {
                tmRow(p, r0, l0 - tl, a0, a1, a2, a3);
                tmRow(p, r1, l1 - tl, a0, a1, a2, a3);
                tmRow(p, r2, l2 - tl, a0, a1, a2, a3);
                tmRow(p, r3, l3 - tl, a0, a1, a2, a3);
            }
            case Modes.B_VE_PRED -> {
                byte c0 = avg3(tl, a0, a1);
                byte c1 = avg3(a0, a1, a2);
                byte c2 = avg3(a1, a2, a3);
                byte c3 = avg3(a2, a3, a4);
                for (int r = r0, i = 0; i < 4; i++, r += stride) {
                    p[r] = c0;
                    p[r + 1] = c1;
                    p[r + 2] = c2;
                    p[r + 3] = c3;
                }
            }
            case Modes.B_HE_PRED -> {
                fill4(p, r0, avg3(tl, l0, l1));
                fill4(p, r1, avg3(l0, l1, l2));
                fill4(p, r2, avg3(l1, l2, l3));
                fill4(p, r3, avg3(l2, l3, l3));
            }
            case Modes.B_LD_PRED -> {
                byte d0 = avg3(a0, a1, a2);
                byte d1 = avg3(a1, a2, a3);
                byte d2 = avg3(a2, a3, a4);
                byte d3 = avg3(a3, a4, a5);
                byte d4 = avg3(a4, a5, a6);
                byte d5 = avg3(a5, a6, a7);
                byte d6 = avg3(a6, a7, a7);
                set4(p, r0, d0, d1, d2, d3);
                set4(p, r1, d1, d2, d3, d4);
                set4(p, r2, d2, d3, d4, d5);
                set4(p, r3, d3, d4, d5, d6);
            }
            case Modes.B_RD_PRED -> {
                byte d0 = avg3(l3, l2, l1);
                byte d1 = avg3(l2, l1, l0);
                byte d2 = avg3(l1, l0, tl);
                byte d3 = avg3(l0, tl, a0);
                byte d4 = avg3(tl, a0, a1);
                byte d5 = avg3(a0, a1, a2);
                byte d6 = avg3(a1, a2, a3);
                set4(p, r0, d3, d4, d5, d6);
                set4(p, r1, d2, d3, d4, d5);
                set4(p, r2, d1, d2, d3, d4);
                set4(p, r3, d0, d1, d2, d3);
            }
            case Modes.B_VR_PRED -> {
                set4(p, r0, avg2(tl, a0), avg2(a0, a1), avg2(a1, a2), avg2(a2, a3));
                set4(p, r1, avg3(l0, tl, a0), avg3(tl, a0, a1), avg3(a0, a1, a2), avg3(a1, a2, a3));
                set4(p, r2, avg3(tl, l0, l1), avg2(tl, a0), avg2(a0, a1), avg2(a1, a2));
                set4(p, r3, avg3(l0, l1, l2), avg3(l0, tl, a0), avg3(tl, a0, a1), avg3(a0, a1, a2));
            }
            case Modes.B_VL_PRED -> {
                set4(p, r0, avg2(a0, a1), avg2(a1, a2), avg2(a2, a3), avg2(a3, a4));
                set4(p, r1, avg3(a0, a1, a2), avg3(a1, a2, a3), avg3(a2, a3, a4), avg3(a3, a4, a5));
                set4(p, r2, avg2(a1, a2), avg2(a2, a3), avg2(a3, a4), avg3(a4, a5, a6));
                set4(p, r3, avg3(a1, a2, a3), avg3(a2, a3, a4), avg3(a3, a4, a5), avg3(a5, a6, a7));
            }
            case Modes.B_HD_PRED -> {
                set4(p, r0, avg2(l0, tl), avg3(l0, tl, a0), avg3(tl, a0, a1), avg3(a0, a1, a2));
                set4(p, r1, avg2(l1, l0), avg3(l1, l0, tl), avg2(l0, tl), avg3(l0, tl, a0));
                set4(p, r2, avg2(l2, l1), avg3(l2, l1, l0), avg2(l1, l0), avg3(l1, l0, tl));
                set4(p, r3, avg2(l3, l2), avg3(l3, l2, l1), avg2(l2, l1), avg3(l2, l1, l0));
            }
            default -> { // B_HU_PRED
                byte l3b = (byte) l3;
                set4(p, r0, avg2(l0, l1), avg3(l0, l1, l2), avg2(l1, l2), avg3(l1, l2, l3));
                set4(p, r1, avg2(l1, l2), avg3(l1, l2, l3), avg2(l2, l3), avg3(l2, l3, l3));
                set4(p, r2, avg2(l2, l3), avg3(l2, l3, l3), l3b, l3b);
                set4(p, r3, l3b, l3b, l3b, l3b);
            }
        }
    }

    private static void tmRow(byte[] p, int o, int base, int a0, int a1, int a2, int a3) {
        p[o] = clamp(base + a0);
        p[o + 1] = clamp(base + a1);
        p[o + 2] = clamp(base + a2);
        p[o + 3] = clamp(base + a3);
    }

    private static void fill4(byte[] p, int o, byte v) {
        p[o] = v;
        p[o + 1] = v;
        p[o + 2] = v;
        p[o + 3] = v;
    }

    private static void set4(byte[] p, int o, byte v0, byte v1, byte v2, byte v3) {
        p[o] = v0;
        p[o + 1] = v1;
        p[o + 2] = v2;
        p[o + 3] = v3;
    }

    private static byte avg2(int a, int b) {
        return (byte) ((a + b + 1) >> 1);
    }

    private static byte avg3(int a, int b, int c) {
        return (byte) ((a + 2 * b + c + 2) >> 2);
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
    }
}

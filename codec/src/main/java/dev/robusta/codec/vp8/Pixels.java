package dev.robusta.codec.vp8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Block copies and fills of 4, 8 or 16 pixels a row, eight (or four) pixels at a time through byte-array views:
 * one bounds check per word instead of one per pixel, and no call per row as {@code System.arraycopy} makes.
 */
final class Pixels {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;

    private Pixels() {
    }

    /** Copies a {@code w} x {@code h} block, {@code w} being 4, 8 or 16. */
    static void copy(byte[] src, int s, int srcStride, byte[] dst, int d, int dstStride, int w, int h) {
        if (w == 16) {
            for (int r = 0; r < h; r++, s += srcStride, d += dstStride) {
                LONGS.set(dst, d, (long) LONGS.get(src, s));
                LONGS.set(dst, d + 8, (long) LONGS.get(src, s + 8));
            }
        } else if (w == 8) {
            for (int r = 0; r < h; r++, s += srcStride, d += dstStride) {
                LONGS.set(dst, d, (long) LONGS.get(src, s));
            }
        } else {
            for (int r = 0; r < h; r++, s += srcStride, d += dstStride) {
                INTS.set(dst, d, (int) INTS.get(src, s));
            }
        }
    }

    /** Fills one row of {@code w} pixels (4, 8 or 16) with {@code value}. */
    static void fillRow(byte[] p, int o, int w, int value) {
        long v = (value & 0xff) * ONES;
        if (w == 4) {
            INTS.set(p, o, (int) v);
            return;
        }
        LONGS.set(p, o, v);
        if (w == 16) {
            LONGS.set(p, o + 8, v);
        }
    }

    /** Fills a {@code size} x {@code size} block (4, 8 or 16) with {@code value}. */
    static void fill(byte[] p, int o, int stride, int size, int value) {
        for (int r = 0; r < size; r++, o += stride) {
            fillRow(p, o, size, value);
        }
    }
}

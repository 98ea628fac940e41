package dev.robusta.codec.vp8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The boolean entropy decoder of RFC 6386 section 7: reads bits, each with its own probability of being zero (out
 * of 256), from one partition.
 *
 * <p>The 8-bit decoding window sits at bits 48..55 of a {@code long} (so comparisons stay signed-safe), with up to
 * 48 more bits buffered below it. Reading past the end of the data shifts in zeros, as libvpx does (a correct
 * encoder pads its partitions so that this never matters); {@link #isOverrun()} then reports that the window has
 * reached beyond the data, which is how libvpx detects a truncated partition.
 */
final class BoolDecoder {
    private static final VarHandle BIG_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int WINDOW_SHIFT = 48;
    /** Added to the bit count once the data is exhausted, so that no further refill is attempted. */
    private static final int LOTS_OF_BITS = 0x4000_0000;

    private byte[] data;
    private int pos;
    private int end;
    /** Buffered bits, the decoding window at bits 48..55. */
    private long value;
    /** Number of buffered bits below the window (negative: the window itself is incomplete). */
    private int count;
    private int range;
    private boolean exhausted;

    /** Starts decoding {@code length} bytes of {@code buf} at {@code offset}. */
    void init(byte[] buf, int offset, int length) {
        data = buf;
        pos = offset;
        end = offset + length;
        value = 0;
        count = -8;
        range = 255;
        exhausted = false;
        fill();
    }

    private void fill() {
        int shift = WINDOW_SHIFT - 8 - count;
        if (shift >= 40 && end - pos >= 8) {
            // The usual case: six whole bytes fit below the window; read them with one load.
            value |= ((long) BIG_ENDIAN_LONGS.get(data, pos) >>> 16) << (shift - 40);
            pos += 6;
            count += 48;
            return;
        }
        while (shift >= 0) {
            if (pos >= end) {
                exhausted = true;
                count += LOTS_OF_BITS;
                return;
            }
            value |= (long) (data[pos++] & 0xff) << shift;
            count += 8;
            shift -= 8;
        }
    }

    /** Reads one bit that is 0 with probability {@code prob / 256}. */
    int readBool(int prob) {
        int split = 1 + (((range - 1) * prob) >> 8);
        if (count < 0) {
            fill();
        }
        long bigSplit = (long) split << WINDOW_SHIFT;
        int bit;
        if (value >= bigSplit) {
            range -= split;
            value -= bigSplit;
            bit = 1;
        } else {
            range = split;
            bit = 0;
        }
        int shift = Integer.numberOfLeadingZeros(range) - 24;
        range <<= shift;
        value <<= shift;
        count -= shift;
        return bit;
    }

    /** Reads one bit with even odds. */
    int readBit() {
        return readBool(128);
    }

    /** Reads an unsigned {@code bits}-bit number, most significant bit first. */
    int readLiteral(int bits) {
        int v = 0;
        for (int i = 0; i < bits; i++) {
            v = (v << 1) | readBool(128);
        }
        return v;
    }

    /** Reads an optional signed value: a flag, then a {@code bits}-bit magnitude and a sign bit; 0 when absent. */
    int readOptionalSigned(int bits) {
        if (readBool(128) == 0) {
            return 0;
        }
        int v = readLiteral(bits);
        return readBool(128) != 0 ? -v : v;
    }

    /**
     * Reads a value coded with a tree (RFC 6386 section 8.1): {@code tree} holds pairs of entries, positive ones
     * index further pairs, others are negated leaf values; the probability of each pair is {@code probs[base +
     * pairIndex / 2]}.
     */
    int readTree(int[] tree, int[] probs, int base) {
        int i = 0;
        do {
            i = tree[i + readBool(probs[base + (i >> 1)])];
        } while (i > 0);
        return -i;
    }

    /**
     * True when decoding has used bits beyond the end of the data: the partition was truncated or corrupt (libvpx's
     * {@code vp8dx_bool_error}).
     */
    boolean isOverrun() {
        return exhausted ? count < LOTS_OF_BITS : (pos >= end && count < 0);
    }
}

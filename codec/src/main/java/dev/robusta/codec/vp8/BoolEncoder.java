package dev.robusta.codec.vp8;

import java.util.Arrays;

/**
 * The boolean entropy encoder of RFC 6386 section 7.3, the mirror of {@link BoolDecoder}: writes bits with given
 * probabilities of being zero into a growing buffer, propagating carries into bytes already written.
 */
final class BoolEncoder {
    private byte[] buf = new byte[4096];
    private int pos;
    private int low;
    private int range;
    private int count;

    BoolEncoder() {
        reset();
    }

    void reset() {
        pos = 0;
        low = 0;
        range = 255;
        count = -24;
    }

    void writeBool(int bit, int prob) {
        int split = 1 + (((range - 1) * prob) >> 8);
        if (bit != 0) {
            low += split;
            range -= split;
        } else {
            range = split;
        }
        int shift = Integer.numberOfLeadingZeros(range) - 24;
        range <<= shift;
        count += shift;
        if (count >= 0) {
            int offset = shift - count;
            if (((low << (offset - 1)) & 0x80000000) != 0) {
                int x = pos - 1;
                while (x >= 0 && buf[x] == (byte) 0xff) {
                    buf[x] = 0;
                    x--;
                }
                buf[x]++;
            }
            if (pos == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[pos++] = (byte) (low >>> (24 - offset));
            low <<= offset;
            shift = count;
            low &= 0xffffff;
            count -= 8;
        }
        low <<= shift;
    }

    void writeBit(int bit) {
        writeBool(bit, 128);
    }

    void writeLiteral(int value, int bits) {
        for (int i = bits - 1; i >= 0; i--) {
            writeBool((value >> i) & 1, 128);
        }
    }

    /** A flag, then (if non-zero) the magnitude in {@code bits} bits and a sign bit: {@link BoolDecoder#readOptionalSigned}. */
    void writeOptionalSigned(int value, int bits) {
        if (value == 0) {
            writeBit(0);
            return;
        }
        writeBit(1);
        writeLiteral(Math.abs(value), bits);
        writeBit(value < 0 ? 1 : 0);
    }

    /** Writes leaf {@code value} of a tree (see {@link BoolDecoder#readTree}). */
    void writeTree(int[] tree, int[] probs, int base, int value) {
        // Find the path to the leaf by searching the tree, then write it from the root.
        int path = findPath(tree, 0, -value, 0, 0);
        int depth = path >>> 24;
        int bits = path & 0xffffff;
        int i = 0;
        for (int d = depth - 1; d >= 0; d--) {
            int bit = (bits >> d) & 1;
            writeBool(bit, probs[base + (i >> 1)]);
            i = tree[i + bit];
        }
    }

    /** Depth in the top byte, branch bits below (first branch most significant); -1 when not found. */
    private static int findPath(int[] tree, int node, int leaf, int bits, int depth) {
        for (int b = 0; b < 2; b++) {
            int next = tree[node + b];
            int nb = (bits << 1) | b;
            if (next <= 0) {
                if (next == leaf && !(leaf == 0 && next != 0)) {
                    return (depth + 1) << 24 | nb;
                }
            } else {
                int found = findPath(tree, next, leaf, nb, depth + 1);
                if (found != -1) {
                    return found;
                }
            }
        }
        return -1;
    }

    /** Pads and flushes the coder; the partition is then {@code data()[0 .. length())}. */
    void flush() {
        for (int i = 0; i < 32; i++) {
            writeBool(0, 128);
        }
    }

    byte[] data() {
        return buf;
    }

    int length() {
        return pos;
    }
}

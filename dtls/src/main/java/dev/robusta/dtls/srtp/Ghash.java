package dev.robusta.dtls.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * GHASH (NIST SP 800-38D section 6.4) in plain Java, with no allocation per message. The JDK's GCM cipher needs
 * {@code Cipher.init} per packet (new IV), which allocates; its GHASH is not reachable on its own.
 *
 * <p>Multiplication by the hash key H uses tables made once per key: for each byte (wide tables) or nibble
 * position of a block, the products of every value at that position with H. A product is then the XOR of 16
 * (or 32) independent table entries, with no shifts or reductions at run time. Wide tables take 64 KiB per key
 * and run about twice as fast as the 8 KiB nibble tables: SRTP uses them, SRTCP (little traffic) the small ones.
 *
 * <p>Input is streamed: {@link #update} may be called with any lengths, {@link #padBlock} ends a segment (the
 * associated data, then the ciphertext) by zero-padding it to a block, as GCM requires. Not thread-safe.
 */
final class Ghash {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long R = 0xE100000000000000L; // x^128 + x^7 + x^2 + x + 1, in GCM's reflected bit order
    private static final byte[] ZERO_BLOCK = new byte[16];

    // table[(position * values + value) * 2] = high half, [.. + 1] = low half
    private final long[] table;
    private final boolean wide;
    private final byte[] pending = new byte[16];
    private int pendingLength;
    private long yHi;
    private long yLo;

    /**
     * @param h the hash key, E_K(0^128)
     * @param wide byte-wide tables (64 KiB, faster) rather than nibble-wide ones (8 KiB)
     */
    Ghash(byte[] h, boolean wide) {
        this.wide = wide;
        int bits = wide ? 8 : 4;
        int values = 1 << bits;
        int positions = 128 / bits;
        table = new long[positions * values * 2];
        long vHi = (long) LONG_BE.get(h, 0);
        long vLo = (long) LONG_BE.get(h, 8);
        // powers[i] = H * x^i: the product of H with the block whose only set bit is bit i (bit 0 = MSB of byte 0)
        long[] powHi = new long[128];
        long[] powLo = new long[128];
        for (int i = 0; i < 128; i++) {
            powHi[i] = vHi;
            powLo[i] = vLo;
            boolean carry = (vLo & 1) != 0;
            vLo = (vLo >>> 1) | (vHi << 63);
            vHi >>>= 1;
            if (carry) {
                vHi ^= R;
            }
        }
        for (int position = 0; position < positions; position++) {
            for (int value = 0; value < values; value++) {
                long hi = 0;
                long lo = 0;
                for (int bit = 0; bit < bits; bit++) {
                    if ((value & (1 << (bits - 1 - bit))) != 0) { // the value's top bit is the position's first
                        hi ^= powHi[position * bits + bit];
                        lo ^= powLo[position * bits + bit];
                    }
                }
                table[(position * values + value) * 2] = hi;
                table[(position * values + value) * 2 + 1] = lo;
            }
        }
    }

    void reset() {
        yHi = 0;
        yLo = 0;
        pendingLength = 0;
    }

    void update(byte[] data, int off, int len) {
        if (pendingLength > 0) {
            int n = Math.min(len, 16 - pendingLength);
            System.arraycopy(data, off, pending, pendingLength, n);
            pendingLength += n;
            off += n;
            len -= n;
            if (pendingLength < 16) {
                return;
            }
            block(pending, 0);
            pendingLength = 0;
        }
        int end = off + (len & ~15);
        blocks(data, off, end);
        off = end;
        int rest = len & 15;
        if (rest > 0) {
            System.arraycopy(data, off, pending, 0, rest);
            pendingLength = rest;
        }
    }

    /** Ends a segment: a partial last block is padded with zeros. */
    void padBlock() {
        if (pendingLength > 0) {
            java.util.Arrays.fill(pending, pendingLength, 16, (byte) 0);
            block(pending, 0);
            pendingLength = 0;
        }
    }

    /** Hashes the final length block (bit lengths of the associated data and ciphertext) and writes the result. */
    void finish(long aadBytes, long ciphertextBytes, byte[] out, int off) {
        padBlock();
        yHi ^= aadBytes << 3;
        yLo ^= ciphertextBytes << 3;
        multiplyByH();
        LONG_BE.set(out, off, yHi);
        LONG_BE.set(out, off + 8, yLo);
    }

    private void block(byte[] data, int off) {
        blocks(data, off, off + 16);
    }

    private void blocks(byte[] data, int off, int end) {
        if (wide) {
            hashBlocksByteWise(data, off, end);
            return;
        }
        for (; off < end; off += 16) {
            yHi ^= (long) LONG_BE.get(data, off);
            yLo ^= (long) LONG_BE.get(data, off + 8);
            multiplyNibbleWise();
        }
    }

    private void multiplyByH() {
        if (wide) {
            hashBlocksByteWise(ZERO_BLOCK, 0, 16); // Y * H: XOR with a zero block, then multiply
        } else {
            multiplyNibbleWise();
        }
    }

    /**
     * Hashes the whole blocks of {@code data[off, end)} with the byte tables. One method holds the loop and the
     * unrolled multiplication, so that Y stays in registers (the JIT would not inline a separate multiply of
     * this size). Entry (position p, byte b) sits at index 512p + 2b: each index is one shift and one mask of Y,
     * and the 16 lookups of a block are independent of each other.
     */
    private void hashBlocksByteWise(byte[] data, int off, int end) {
        long[] t = table;
        long hi = yHi;
        long lo = yLo;
        for (; off < end; off += 16) {
            hi ^= (long) LONG_BE.get(data, off);
            lo ^= (long) LONG_BE.get(data, off + 8);
            int i0 = ((int) (hi >>> 55) & 0x1FE);
            int i1 = 512 + ((int) (hi >>> 47) & 0x1FE);
            int i2 = 1024 + ((int) (hi >>> 39) & 0x1FE);
            int i3 = 1536 + ((int) (hi >>> 31) & 0x1FE);
            int i4 = 2048 + ((int) (hi >>> 23) & 0x1FE);
            int i5 = 2560 + ((int) (hi >>> 15) & 0x1FE);
            int i6 = 3072 + ((int) (hi >>> 7) & 0x1FE);
            int i7 = 3584 + ((int) (hi << 1) & 0x1FE);
            int i8 = 4096 + ((int) (lo >>> 55) & 0x1FE);
            int i9 = 4608 + ((int) (lo >>> 47) & 0x1FE);
            int i10 = 5120 + ((int) (lo >>> 39) & 0x1FE);
            int i11 = 5632 + ((int) (lo >>> 31) & 0x1FE);
            int i12 = 6144 + ((int) (lo >>> 23) & 0x1FE);
            int i13 = 6656 + ((int) (lo >>> 15) & 0x1FE);
            int i14 = 7168 + ((int) (lo >>> 7) & 0x1FE);
            int i15 = 7680 + ((int) (lo << 1) & 0x1FE);
            hi = t[i0] ^ t[i1] ^ t[i2] ^ t[i3] ^ t[i4] ^ t[i5] ^ t[i6] ^ t[i7]
                    ^ t[i8] ^ t[i9] ^ t[i10] ^ t[i11] ^ t[i12] ^ t[i13] ^ t[i14] ^ t[i15];
            lo = t[i0 + 1] ^ t[i1 + 1] ^ t[i2 + 1] ^ t[i3 + 1] ^ t[i4 + 1] ^ t[i5 + 1] ^ t[i6 + 1] ^ t[i7 + 1]
                    ^ t[i8 + 1] ^ t[i9 + 1] ^ t[i10 + 1] ^ t[i11 + 1] ^ t[i12 + 1] ^ t[i13 + 1] ^ t[i14 + 1]
                    ^ t[i15 + 1];
        }
        yHi = hi;
        yLo = lo;
    }

    private void multiplyNibbleWise() {
        long[] t = table;
        long hi = yHi;
        long lo = yLo;
        long zHi = 0;
        long zLo = 0;
        for (int p = 0; p < 16; p++) {
            int i = ((p << 4) | (int) ((hi >>> (60 - 4 * p)) & 15)) << 1;
            zHi ^= t[i];
            zLo ^= t[i + 1];
        }
        for (int p = 0; p < 16; p++) {
            int i = (((p + 16) << 4) | (int) ((lo >>> (60 - 4 * p)) & 15)) << 1;
            zHi ^= t[i];
            zLo ^= t[i + 1];
        }
        yHi = zHi;
        yLo = zLo;
    }
}

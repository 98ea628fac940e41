package dev.robusta.dtls.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode, in place, with no allocation per call. {@code Cipher.init} with a new IV for every packet
 * redoes work and allocates, so one AES/ECB cipher is keyed once and encrypts batches of counter blocks into a
 * keystream, which is XORed into the data. The JDK's AES intrinsics still apply to the ECB batches.
 *
 * <p>The counter is the last four bytes of the 16-byte block, big-endian, incremented per block modulo 2^32: the
 * GCM {@code inc32} of RFC 7714, and for SRTP's AES-CM (RFC 3711 section 4.1.1) the same thing, since its IV
 * ends in 16 zero bits and a packet never needs 2^16 blocks. Not thread-safe.
 */
final class AesCounterMode {
    private static final int CHUNK_BLOCKS = 96; // 1536 bytes: an MTU-sized packet takes one AES call
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    // XOR does not care about byte order: the native one spares a byte swap per word.
    private static final VarHandle NATIVE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final Cipher ecb;
    private final byte[] counters = new byte[CHUNK_BLOCKS * 16];
    private final byte[] keystream = new byte[CHUNK_BLOCKS * 16];

    AesCounterMode(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding unavailable", e);
        }
    }

    /**
     * XORs the keystream starting at counter block {@code iv} (16 bytes; its last 4 bytes are the initial counter)
     * into {@code data[off, off + len)}.
     */
    void xor(byte[] iv, byte[] data, int off, int len) {
        long prefixHigh = (long) LONG.get(iv, 0);
        int prefixLow = (int) INT.get(iv, 8);
        int counter = (int) INT.get(iv, 12);
        while (len > 0) {
            int blocks = Math.min(CHUNK_BLOCKS, (len + 15) >>> 4);
            fillCounters(prefixHigh, prefixLow, counter, blocks);
            encrypt(blocks);
            int n = Math.min(len, blocks << 4);
            xorKeystream(0, data, off, n);
            off += n;
            len -= n;
            counter += blocks;
        }
    }

    private void fillCounters(long prefixHigh, int prefixLow, int counter, int blocks) {
        byte[] c = counters;
        for (int b = 0; b < blocks; b++) {
            int o = b << 4;
            LONG.set(c, o, prefixHigh);
            INT.set(c, o + 8, prefixLow);
            INT.set(c, o + 12, counter + b);
        }
    }

    private void xorKeystream(int from, byte[] data, int off, int n) {
        byte[] ks = keystream;
        int i = 0;
        for (; i <= n - 8; i += 8) {
            NATIVE_LONG.set(data, off + i,
                    (long) NATIVE_LONG.get(data, off + i) ^ (long) NATIVE_LONG.get(ks, from + i));
        }
        for (; i < n; i++) {
            data[off + i] ^= ks[from + i];
        }
    }

    /** Whether {@link #prepare} can cover a first block and {@code len} more bytes in one batch. */
    boolean fitsOneBatch(int len) {
        return len <= (CHUNK_BLOCKS - 1) * 16;
    }

    /**
     * Computes, in one AES call, the keystream from counter block {@code iv} for 16 + {@code len} bytes, and copies
     * its first block to {@code firstBlock}; {@link #xorPrepared} then applies the rest. Needs
     * {@link #fitsOneBatch}. (GCM's tag mask is the first block, the data's keystream the rest.)
     */
    void prepare(byte[] iv, byte[] firstBlock, int len) {
        int blocks = 1 + ((len + 15) >>> 4);
        fillCounters((long) LONG.get(iv, 0), (int) INT.get(iv, 8), (int) INT.get(iv, 12), blocks);
        encrypt(blocks);
        System.arraycopy(keystream, 0, firstBlock, 0, 16);
    }

    /** XORs the keystream {@link #prepare} computed, after its first block, into {@code data[off, off + len)}. */
    void xorPrepared(byte[] data, int off, int len) {
        xorKeystream(16, data, off, len);
    }

    /** Encrypts one block ({@code in[inOff, inOff + 16)}) into {@code out[outOff, outOff + 16)}. */
    void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        System.arraycopy(in, inOff, counters, 0, 16);
        encrypt(1);
        System.arraycopy(keystream, 0, out, outOff, 16);
    }

    private void encrypt(int blocks) {
        try {
            ecb.update(counters, 0, blocks << 4, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e); // cannot happen: the keystream array is as long as the counters
        }
    }
}

package dev.robusta.dtls.srtp;

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
    private static final int CHUNK_BLOCKS = 64;

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
        int counter = (iv[12] & 0xff) << 24 | (iv[13] & 0xff) << 16 | (iv[14] & 0xff) << 8 | (iv[15] & 0xff);
        while (len > 0) {
            int blocks = Math.min(CHUNK_BLOCKS, (len + 15) >>> 4);
            fillCounters(iv, counter, blocks);
            encrypt(blocks);
            int n = Math.min(len, blocks << 4);
            byte[] ks = keystream;
            for (int i = 0; i < n; i++) {
                data[off + i] ^= ks[i];
            }
            off += n;
            len -= n;
            counter += blocks;
        }
    }

    /** Encrypts one block ({@code in[inOff, inOff + 16)}) into {@code out[outOff, outOff + 16)}. */
    void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        System.arraycopy(in, inOff, counters, 0, 16);
        encrypt(1);
        System.arraycopy(keystream, 0, out, outOff, 16);
    }

    private void fillCounters(byte[] iv, int counter, int blocks) {
        byte[] c = counters;
        for (int b = 0; b < blocks; b++) {
            int o = b << 4;
            System.arraycopy(iv, 0, c, o, 12);
            int v = counter + b;
            c[o + 12] = (byte) (v >>> 24);
            c[o + 13] = (byte) (v >>> 16);
            c[o + 14] = (byte) (v >>> 8);
            c[o + 15] = (byte) v;
        }
    }

    private void encrypt(int blocks) {
        try {
            ecb.update(counters, 0, blocks << 4, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e); // cannot happen: the keystream array is as long as the counters
        }
    }
}

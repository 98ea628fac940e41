package dev.robusta.dtls.srtp;

/**
 * AES-GCM with a 96-bit IV and a 16-byte tag (NIST SP 800-38D), keyed once, run in place with no allocation per
 * message: counter mode through {@link AesCounterMode}, authentication through {@link Ghash}. The associated
 * data may come in two pieces (SRTCP puts the E flag and index after the packet, RFC 7714 section 9.3).
 * Not thread-safe.
 */
final class AesGcm {
    static final int TAG_LENGTH = 16;

    private final AesCounterMode ctr;
    private final Ghash ghash;
    private final byte[] counterBlock = new byte[16];
    private final byte[] tagMask = new byte[16];
    private final byte[] computedTag = new byte[16];
    private boolean oneBatch;

    /** @param wideTables GHASH with 64 KiB tables (faster) rather than 8 KiB ones */
    AesGcm(byte[] key, boolean wideTables) {
        ctr = new AesCounterMode(key);
        byte[] h = new byte[16];
        ctr.encryptBlock(new byte[16], 0, h, 0);
        ghash = new Ghash(h, wideTables);
    }

    /**
     * Encrypts {@code data[dataOff, dataOff + dataLen)} in place and writes the tag at {@code tagOut[tagOff..]}.
     * The associated data is {@code aad[aadOff, +aadLen)} followed by {@code aad2[aad2Off, +aad2Len)}.
     */
    void seal(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len,
              byte[] data, int dataOff, int dataLen, byte[] tagOut, int tagOff) {
        start(iv, aad, aadOff, aadLen, aad2, aad2Off, aad2Len, dataLen);
        encryptData(data, dataOff, dataLen);
        ghash.update(data, dataOff, dataLen);
        ghash.finish((long) aadLen + aad2Len, dataLen, computedTag, 0);
        for (int i = 0; i < TAG_LENGTH; i++) {
            tagOut[tagOff + i] = (byte) (computedTag[i] ^ tagMask[i]);
        }
    }

    /**
     * Checks the tag at {@code tag[tagOff..]} over the associated data and the ciphertext; only if it matches,
     * decrypts {@code data[dataOff, +dataLen)} in place. Returns whether it matched (the data is untouched if not).
     */
    boolean open(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len,
                 byte[] data, int dataOff, int dataLen, byte[] tag, int tagOff) {
        start(iv, aad, aadOff, aadLen, aad2, aad2Off, aad2Len, dataLen);
        ghash.update(data, dataOff, dataLen);
        ghash.finish((long) aadLen + aad2Len, dataLen, computedTag, 0);
        int diff = 0;
        for (int i = 0; i < TAG_LENGTH; i++) {
            diff |= (computedTag[i] ^ tagMask[i]) ^ tag[tagOff + i];
        }
        if (diff != 0) {
            return false;
        }
        encryptData(data, dataOff, dataLen);
        return true;
    }

    /**
     * J0 = IV || 1; E_K(J0) masks the tag; the data's keystream starts at J0 + 1. For packets up to about 1.5 KB
     * the mask and the keystream come from one AES call. Then hashes the associated data.
     */
    private void start(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len,
                       int dataLen) {
        System.arraycopy(iv, 0, counterBlock, 0, 12);
        counterBlock[12] = 0;
        counterBlock[13] = 0;
        counterBlock[14] = 0;
        counterBlock[15] = 1;
        oneBatch = ctr.fitsOneBatch(dataLen);
        if (oneBatch) {
            ctr.prepare(counterBlock, tagMask, dataLen);
        } else {
            ctr.encryptBlock(counterBlock, 0, tagMask, 0);
            counterBlock[15] = 2;
        }
        ghash.reset();
        ghash.update(aad, aadOff, aadLen);
        if (aad2Len > 0) {
            ghash.update(aad2, aad2Off, aad2Len);
        }
        ghash.padBlock();
    }

    private void encryptData(byte[] data, int off, int len) {
        if (oneBatch) {
            ctr.xorPrepared(data, off, len);
        } else {
            ctr.xor(counterBlock, data, off, len);
        }
    }
}

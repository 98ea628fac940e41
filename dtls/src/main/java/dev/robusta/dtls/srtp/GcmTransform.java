package dev.robusta.dtls.srtp;

/**
 * AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714). SRTP: IV from SSRC, ROC and SEQ (section 8.1), the RTP
 * header as associated data, the 16-byte tag after the ciphertext. SRTCP: IV from SSRC and index (section 9.1),
 * the E flag and index word after the tag; with E=1 the associated data is the 8-byte header and that word, with
 * E=0 the whole packet and that word, and nothing is encrypted (section 9.3).
 */
final class GcmTransform extends SrtpTransform {
    private static final int TAG = AesGcm.TAG_LENGTH;
    private static final byte[] NOTHING = new byte[0];

    private final AesGcm gcm;
    private final byte[] salt; // 12 bytes
    private final byte[] iv = new byte[12];
    private final byte[] word = new byte[4];

    GcmTransform(SrtpKdf.SessionKeys keys, boolean rtcp) {
        this.gcm = new AesGcm(keys.encryptionKey(), !rtcp); // SRTCP's low rate does not need the big tables
        this.salt = keys.salt().clone();
    }

    @Override
    int rtpOverhead() {
        return TAG;
    }

    @Override
    int rtcpOverhead() {
        return TAG + 4;
    }

    @Override
    int rtcpIndexFromEnd() {
        return 4;
    }

    @Override
    int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long roc) {
        rtpIv(ssrc, roc, sequenceNumber(buf, off));
        gcm.seal(iv, buf, off, headerLength, NOTHING, 0, 0, buf, off + headerLength, len - headerLength,
                buf, off + len);
        return len + TAG;
    }

    @Override
    boolean unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long roc) {
        rtpIv(ssrc, roc, sequenceNumber(buf, off));
        int end = len - TAG;
        return gcm.open(iv, buf, off, headerLength, NOTHING, 0, 0, buf, off + headerLength, end - headerLength,
                buf, off + end);
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int index, boolean encrypt) {
        rtcpIv(ssrc, index);
        int wordOff = off + len + TAG;
        putInt(buf, wordOff, encrypt ? index | 0x8000_0000 : index);
        if (encrypt) {
            gcm.seal(iv, buf, off, 8, buf, wordOff, 4, buf, off + 8, len - 8, buf, off + len);
        } else {
            gcm.seal(iv, buf, off, len, buf, wordOff, 4, buf, off + len, 0, buf, off + len);
        }
        return len + TAG + 4;
    }

    @Override
    boolean unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eAndIndex) {
        rtcpIv(ssrc, eAndIndex & 0x7fff_ffff);
        int tagOff = off + len - 4 - TAG;
        putInt(word, 0, eAndIndex);
        if (eAndIndex < 0) {
            return gcm.open(iv, buf, off, 8, word, 0, 4, buf, off + 8, tagOff - off - 8, buf, tagOff);
        }
        return gcm.open(iv, buf, off, tagOff - off, word, 0, 4, buf, tagOff, 0, buf, tagOff);
    }

    /** IV = (00 00 || SSRC || ROC || SEQ) XOR salt (RFC 7714 section 8.1). */
    private void rtpIv(int ssrc, long roc, int seq) {
        System.arraycopy(salt, 0, iv, 0, 12);
        xorInt(iv, 2, ssrc);
        xorInt(iv, 6, (int) roc);
        iv[10] ^= (byte) (seq >>> 8);
        iv[11] ^= (byte) seq;
    }

    /** IV = (00 00 || SSRC || 00 00 || 0 || index) XOR salt (RFC 7714 section 9.1). */
    private void rtcpIv(int ssrc, int index) {
        System.arraycopy(salt, 0, iv, 0, 12);
        xorInt(iv, 2, ssrc);
        xorInt(iv, 8, index);
    }
}

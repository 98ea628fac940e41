package dev.robusta.dtls.srtp;

/**
 * AES-128 counter mode with an HMAC-SHA1 tag truncated to 80 or 32 bits (RFC 3711 sections 4.1.1 and 4.2.1).
 * SRTP authenticates the packet followed by the rollover counter; SRTCP authenticates the packet followed by
 * the E flag and SRTCP index word, which precedes the tag on the wire.
 */
final class CmHmacTransform extends SrtpTransform {
    private final AesCounterMode ctr;
    private final HmacSha1 mac;
    private final int tagLength;
    private final byte[] salt; // 14 bytes
    private final byte[] iv = new byte[16];
    private final byte[] digest = new byte[HmacSha1.LENGTH];
    private final byte[] rocBytes = new byte[4];

    CmHmacTransform(SrtpKdf.SessionKeys keys, int tagLength) {
        this.ctr = new AesCounterMode(keys.encryptionKey());
        this.mac = new HmacSha1(keys.authKey());
        this.tagLength = tagLength;
        this.salt = keys.salt().clone();
    }

    @Override
    int rtpOverhead() {
        return tagLength;
    }

    @Override
    int rtcpOverhead() {
        return 4 + tagLength;
    }

    @Override
    int rtcpIndexFromEnd() {
        return 4 + tagLength;
    }

    @Override
    int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long roc) {
        rtpIv(ssrc, roc, sequenceNumber(buf, off));
        ctr.xor(iv, buf, off + headerLength, len - headerLength);
        authenticateRtp(buf, off, len, roc);
        System.arraycopy(digest, 0, buf, off + len, tagLength);
        return len + tagLength;
    }

    @Override
    boolean unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long roc) {
        int end = len - tagLength;
        authenticateRtp(buf, off, end, roc);
        if (!tagMatches(buf, off + end)) {
            return false;
        }
        rtpIv(ssrc, roc, sequenceNumber(buf, off));
        ctr.xor(iv, buf, off + headerLength, end - headerLength);
        return true;
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int index, boolean encrypt) {
        if (encrypt) {
            rtcpIv(ssrc, index);
            ctr.xor(iv, buf, off + 8, len - 8);
        }
        putInt(buf, off + len, encrypt ? index | 0x8000_0000 : index);
        mac.update(buf, off, len + 4);
        mac.finish(digest, 0);
        System.arraycopy(digest, 0, buf, off + len + 4, tagLength);
        return len + 4 + tagLength;
    }

    @Override
    boolean unprotectRtcp(byte[] buf, int off, int len, int ssrc, int word) {
        int end = len - tagLength; // the word is authenticated with the packet
        mac.update(buf, off, end);
        mac.finish(digest, 0);
        if (!tagMatches(buf, off + end)) {
            return false;
        }
        if (word < 0) {
            rtcpIv(ssrc, word & 0x7fff_ffff);
            ctr.xor(iv, buf, off + 8, end - 4 - 8);
        }
        return true;
    }

    private void authenticateRtp(byte[] buf, int off, int len, long roc) {
        mac.update(buf, off, len);
        putInt(rocBytes, 0, (int) roc);
        mac.update(rocBytes, 0, 4);
        mac.finish(digest, 0);
    }

    private boolean tagMatches(byte[] buf, int tagOff) {
        int diff = 0;
        for (int i = 0; i < tagLength; i++) {
            diff |= digest[i] ^ buf[tagOff + i];
        }
        return diff == 0;
    }

    /** IV = (salt << 16) XOR (SSRC << 64) XOR (index << 16), index = ROC || SEQ (RFC 3711 section 4.1.1). */
    private void rtpIv(int ssrc, long roc, int seq) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        xorInt(iv, 4, ssrc);
        xorInt(iv, 8, (int) roc);
        iv[12] ^= (byte) (seq >>> 8);
        iv[13] ^= (byte) seq;
    }

    /** As for SRTP, with the 31-bit SRTCP index in the low bits of the index field (RFC 3711 section 4.1.1). */
    private void rtcpIv(int ssrc, int index) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        xorInt(iv, 4, ssrc);
        xorInt(iv, 10, index);
    }
}

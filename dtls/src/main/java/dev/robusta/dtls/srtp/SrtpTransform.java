package dev.robusta.dtls.srtp;

/**
 * The cryptographic transform of one direction and one of SRTP or SRTCP, keyed once with session keys. The
 * caller ({@link SrtpSession}) has already checked lengths, parsed the header and chosen the packet index.
 * Each instance keeps its own scratch state: one thread at a time.
 */
abstract class SrtpTransform {

    static SrtpTransform create(SrtpProfile profile, SrtpKdf.SessionKeys keys, boolean rtcp) {
        return profile.isAead()
                ? new GcmTransform(keys, rtcp)
                : new CmHmacTransform(keys, rtcp ? profile.rtcpAuthTagLength() : profile.rtpAuthTagLength());
    }

    /** Bytes an SRTP packet grows by. */
    abstract int rtpOverhead();

    /** Bytes an SRTCP packet grows by: the E flag and index word and the tag. */
    abstract int rtcpOverhead();

    /** Where the E flag and SRTCP index word starts, counted back from the end of an SRTCP packet. */
    abstract int rtcpIndexFromEnd();

    /** Encrypts and tags an RTP packet in place; returns the SRTP length. */
    abstract int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long roc);

    /** Verifies and (only if it verifies) decrypts an SRTP packet of {@code len} bytes; false if the tag is wrong. */
    abstract boolean unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long roc);

    /** Encrypts (if {@code encrypt}) and tags an RTCP packet in place; returns the SRTCP length. */
    abstract int protectRtcp(byte[] buf, int off, int len, int ssrc, int index, boolean encrypt);

    /**
     * Verifies and (only if it verifies, and the E flag is set) decrypts an SRTCP packet of {@code len} bytes whose
     * E flag and index word is {@code word}; false if the tag is wrong.
     */
    abstract boolean unprotectRtcp(byte[] buf, int off, int len, int ssrc, int word);

    static int sequenceNumber(byte[] buf, int off) {
        return (buf[off + 2] & 0xff) << 8 | (buf[off + 3] & 0xff);
    }

    static void putInt(byte[] buf, int off, int v) {
        buf[off] = (byte) (v >>> 24);
        buf[off + 1] = (byte) (v >>> 16);
        buf[off + 2] = (byte) (v >>> 8);
        buf[off + 3] = (byte) v;
    }

    static void xorInt(byte[] buf, int off, int v) {
        buf[off] ^= (byte) (v >>> 24);
        buf[off + 1] ^= (byte) (v >>> 16);
        buf[off + 2] ^= (byte) (v >>> 8);
        buf[off + 3] ^= (byte) v;
    }
}

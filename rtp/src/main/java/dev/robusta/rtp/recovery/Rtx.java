package dev.robusta.rtp.recovery;

import dev.robusta.rtp.MalformedPacketException;
import dev.robusta.rtp.packet.RtpPacket;

/**
 * RFC 4588 retransmission payload format, session-multiplexed: an RTX packet is the original with its own SSRC,
 * payload type and sequence number, and the original sequence number (OSN) as the first two payload bytes.
 * Header extensions and CSRCs are copied; padding is dropped. Both directions write into the caller's buffer.
 */
public final class Rtx {
    private Rtx() {}

    /**
     * Writes the RTX packet for {@code original} into {@code out} at {@code off}.
     *
     * @return the RTX packet's length
     * @throws IllegalArgumentException if it does not fit
     */
    public static int wrap(RtpPacket original, long rtxSsrc, int rtxPayloadType, int rtxSeq, byte[] out, int off) {
        int header = original.headerLength();
        int payload = original.payloadLength();
        int total = header + 2 + payload;
        if (out.length - off < total) {
            throw new IllegalArgumentException("RTX packet of " + total + " bytes does not fit");
        }
        byte[] b = original.buffer();
        System.arraycopy(b, original.offset(), out, off, header);
        out[off] &= ~0x20; // no padding
        out[off + 1] = (byte) ((out[off + 1] & 0x80) | rtxPayloadType);
        out[off + 2] = (byte) (rtxSeq >>> 8);
        out[off + 3] = (byte) rtxSeq;
        putU32(out, off + 8, rtxSsrc);
        int osn = original.sequenceNumber();
        out[off + header] = (byte) (osn >>> 8);
        out[off + header + 1] = (byte) osn;
        System.arraycopy(b, original.payloadOffset(), out, off + header + 2, payload);
        return total;
    }

    /**
     * Restores the original packet from an RTX packet into {@code out} at {@code off}.
     *
     * @return the original packet's length
     * @throws MalformedPacketException if the RTX payload is shorter than its OSN
     */
    public static int unwrap(RtpPacket rtx, long originalSsrc, int originalPayloadType, byte[] out, int off)
            throws MalformedPacketException {
        int payload = rtx.payloadLength();
        if (payload < 2) {
            throw new MalformedPacketException("RTX payload of " + payload + " bytes has no OSN");
        }
        int header = rtx.headerLength();
        int total = header + payload - 2;
        if (out.length - off < total) {
            throw new IllegalArgumentException("packet of " + total + " bytes does not fit");
        }
        byte[] b = rtx.buffer();
        System.arraycopy(b, rtx.offset(), out, off, header);
        out[off] &= ~0x20;
        out[off + 1] = (byte) ((out[off + 1] & 0x80) | originalPayloadType);
        out[off + 2] = b[rtx.payloadOffset()];
        out[off + 3] = b[rtx.payloadOffset() + 1];
        putU32(out, off + 8, originalSsrc);
        System.arraycopy(b, rtx.payloadOffset() + 2, out, off + header, payload - 2);
        return total;
    }

    private static void putU32(byte[] b, int p, long v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}

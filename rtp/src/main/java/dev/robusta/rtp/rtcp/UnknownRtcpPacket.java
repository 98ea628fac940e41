package dev.robusta.rtp.rtcp;

import java.util.Arrays;

/**
 * An RTCP packet of a type (or feedback FMT) this package does not interpret, e.g. XR (RFC 3611); kept whole so
 * a compound packet writes back unchanged.
 *
 * @param packetType the PT field
 * @param count      the 5-bit count / FMT field
 * @param body       everything after the 4-byte header, a multiple of 4 bytes (with any padding)
 * @param padded     whether the P bit was set (the last byte of {@code body} is then the padding count)
 */
public record UnknownRtcpPacket(int packetType, int count, byte[] body, boolean padded) implements RtcpPacket {
    public UnknownRtcpPacket {
        if (packetType < 0 || packetType > 255 || count < 0 || count > 31) {
            throw new IllegalArgumentException("bad PT " + packetType + " or count " + count);
        }
        body = body.clone();
        if ((body.length & 3) != 0 || body.length > 4 * 0xFFFF) {
            throw new IllegalArgumentException("body must be a multiple of 4 bytes");
        }
        if (padded && (body.length == 0 || (body[body.length - 1] & 0xFF) == 0
                || (body[body.length - 1] & 0xFF) > body.length)) {
            throw new IllegalArgumentException("bad padding count");
        }
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public Padding padding() {
        return padded ? Padding.read(body, body.length - (body[body.length - 1] & 0xFF), body[body.length - 1] & 0xFF)
                : Padding.NONE;
    }

    @Override
    public int encodedLength() {
        return 4 + body.length;
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, count, packetType, n);
        if (padded) {
            b[off] |= 0x20;
        }
        System.arraycopy(body, 0, b, off + 4, body.length);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownRtcpPacket u && u.packetType == packetType && u.count == count && u.padded == padded
                && Arrays.equals(u.body, body);
    }

    @Override
    public int hashCode() {
        return packetType * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "RTCP[pt=" + packetType + " count=" + count + " " + body.length + " bytes]";
    }
}

package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;

/**
 * Walks the packets of a compound (or reduced-size, RFC 5506) RTCP packet in place, allocating nothing.
 * {@link #wrap} checks every packet's version, length and padding; {@link #next()} then steps through them.
 * Reusable; the buffer must not change while in use.
 */
public final class RtcpReader {
    private byte[] buf;
    private int end;
    private int next;
    private int packetOffset;
    private int packetLength;
    private int bodyLength;

    /**
     * Validates the chain of RTCP headers in {@code len} bytes of {@code b} from {@code off} and positions before
     * the first packet.
     *
     * @return the number of packets
     * @throws MalformedPacketException on a truncated packet, a wrong version, a length that overruns the
     *     datagram or a bad padding count
     */
    public int wrap(byte[] b, int off, int len) throws MalformedPacketException {
        buf = null;
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " outside buffer of " + b.length);
        }
        if (len == 0) {
            throw new MalformedPacketException("empty RTCP packet");
        }
        int p = off;
        int limit = off + len;
        int packets = 0;
        while (p < limit) {
            if (limit - p < 4) {
                throw new MalformedPacketException("RTCP header truncated: " + (limit - p) + " bytes");
            }
            int b0 = b[p] & 0xFF;
            if ((b0 >>> 6) != 2) {
                throw new MalformedPacketException("RTCP version " + (b0 >>> 6) + ", expected 2");
            }
            int n = 4 * (Rtcp.u16(b, p + 2) + 1);
            if (n > limit - p) {
                throw new MalformedPacketException("RTCP packet of " + n + " bytes overruns datagram of " + len);
            }
            if ((b0 & 0x20) != 0) {
                int pad = b[p + n - 1] & 0xFF;
                if (pad == 0 || pad > n - 4) {
                    throw new MalformedPacketException("bad RTCP padding count " + pad);
                }
            }
            p += n;
            packets++;
        }
        buf = b;
        end = limit;
        next = off;
        return packets;
    }

    /** Moves to the next packet; false when there are no more. */
    public boolean next() {
        if (buf == null || next >= end) {
            return false;
        }
        packetOffset = next;
        packetLength = 4 * (Rtcp.u16(buf, next + 2) + 1);
        bodyLength = packetLength - 4 - (padded() ? buf[next + packetLength - 1] & 0xFF : 0);
        next += packetLength;
        return true;
    }

    public byte[] buffer() {
        return buf;
    }

    public int packetType() {
        return buf[packetOffset + 1] & 0xFF;
    }

    /** The 5-bit count field: report count, source count, APP subtype or feedback FMT. */
    public int count() {
        return buf[packetOffset] & 0x1F;
    }

    public boolean padded() {
        return (buf[packetOffset] & 0x20) != 0;
    }

    public int packetOffset() {
        return packetOffset;
    }

    /** The whole packet's length, header and padding included. */
    public int packetLength() {
        return packetLength;
    }

    /** Absolute offset of the body (after the 4-byte header). */
    public int bodyOffset() {
        return packetOffset + 4;
    }

    /** Body length without padding. */
    public int bodyLength() {
        return bodyLength;
    }

    /** The first SSRC of the body (packet sender for SR, RR, APP and feedback), or -1 if the body is shorter. */
    public long senderSsrc() {
        return bodyLength >= 4 ? Rtcp.u32(buf, packetOffset + 4) : -1;
    }
}

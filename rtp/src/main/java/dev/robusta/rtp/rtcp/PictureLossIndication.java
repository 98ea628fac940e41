package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;

/**
 * Picture loss indication (RFC 4585 section 6.3.1): payload-specific feedback, FMT 1, no FCI.
 *
 * @param padding padding after the packet (P bit), {@link Padding#NONE} usually
 */
public record PictureLossIndication(long senderSsrc, long mediaSsrc, Padding padding) implements RtcpPacket {
    public static final int FMT = 1;

    public PictureLossIndication {
        Rtcp.checkU32(senderSsrc, "sender ssrc");
        Rtcp.checkU32(mediaSsrc, "media ssrc");
        padding = padding == null ? Padding.NONE : padding;
        padding.checkAligned(0, "PLI");
    }

    public PictureLossIndication(long senderSsrc, long mediaSsrc) {
        this(senderSsrc, mediaSsrc, Padding.NONE);
    }

    /** This packet with {@code padding} after it. */
    public PictureLossIndication withPadding(Padding padding) {
        return new PictureLossIndication(senderSsrc, mediaSsrc, padding);
    }

    static PictureLossIndication parse(byte[] b, int p, int len, Padding padding) throws MalformedPacketException {
        Rtcp.need(len, 8, "PLI");
        if (len != 8) {
            throw new MalformedPacketException("PLI with " + (len - 8) + " bytes of FCI");
        }
        return new PictureLossIndication(Rtcp.u32(b, p), Rtcp.u32(b, p + 4), padding);
    }

    @Override
    public int packetType() {
        return PSFB;
    }

    @Override
    public int encodedLength() {
        return 12 + padding.length();
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, FMT, PSFB, n);
        Rtcp.put32(b, off + 4, senderSsrc);
        Rtcp.put32(b, off + 8, mediaSsrc);
        padding.write(b, off, off + 12);
        return n;
    }
}

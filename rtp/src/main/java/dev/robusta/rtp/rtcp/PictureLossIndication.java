package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;

/** Picture loss indication (RFC 4585 section 6.3.1): payload-specific feedback, FMT 1, no FCI. */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {
    public static final int FMT = 1;

    public PictureLossIndication {
        Rtcp.checkU32(senderSsrc, "sender ssrc");
        Rtcp.checkU32(mediaSsrc, "media ssrc");
    }

    static PictureLossIndication parse(byte[] b, int p, int len) throws MalformedPacketException {
        Rtcp.need(len, 8, "PLI");
        if (len != 8) {
            throw new MalformedPacketException("PLI with " + (len - 8) + " bytes of FCI");
        }
        return new PictureLossIndication(Rtcp.u32(b, p), Rtcp.u32(b, p + 4));
    }

    @Override
    public int packetType() {
        return PSFB;
    }

    @Override
    public int encodedLength() {
        return 12;
    }

    @Override
    public int writeTo(byte[] b, int off) {
        Rtcp.header(b, off, FMT, PSFB, 12);
        Rtcp.put32(b, off + 4, senderSsrc);
        Rtcp.put32(b, off + 8, mediaSsrc);
        return 12;
    }
}

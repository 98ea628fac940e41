package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses compound and reduced-size RTCP packets into {@link RtcpPacket} values and writes lists of them.
 * Parsing accepts reduced-size packets (RFC 5506: any first packet, e.g. a lone NACK); {@link #isFullCompound}
 * checks the RFC 3550 section 6.1 rules when they matter. A parsed, well-formed compound packet writes back
 * byte for byte, padding (P bit) included: every packet keeps its {@link Padding}.
 */
public final class RtcpCompound {
    private RtcpCompound() {}

    /** Parses every packet of {@code len} bytes from {@code off}. */
    public static List<RtcpPacket> parse(byte[] b, int off, int len) throws MalformedPacketException {
        RtcpReader reader = new RtcpReader();
        int count = reader.wrap(b, off, len);
        List<RtcpPacket> packets = new ArrayList<>(count);
        while (reader.next()) {
            packets.add(parseOne(reader));
        }
        return packets;
    }

    public static List<RtcpPacket> parse(byte[] b) throws MalformedPacketException {
        return parse(b, 0, b.length);
    }

    /** Parses the packet the reader is positioned on. */
    public static RtcpPacket parseOne(RtcpReader r) throws MalformedPacketException {
        byte[] b = r.buffer();
        int p = r.bodyOffset();
        int len = r.bodyLength();
        int count = r.count();
        Padding padding = Padding.read(b, p + len, r.packetLength() - 4 - len);
        switch (r.packetType()) {
            case RtcpPacket.SR:
                return SenderReport.parse(b, p, len, count, padding);
            case RtcpPacket.RR:
                return ReceiverReport.parse(b, p, len, count, padding);
            case RtcpPacket.SDES:
                return SourceDescription.parse(b, p, len, count, padding);
            case RtcpPacket.BYE:
                return Goodbye.parse(b, p, len, count, padding);
            case RtcpPacket.APP:
                return AppPacket.parse(b, p, len, count, padding);
            case RtcpPacket.RTPFB:
                if (count == GenericNack.FMT) {
                    return GenericNack.parse(b, p, len, padding);
                }
                if (count == TransportCcFeedback.FMT) {
                    return TransportCcFeedback.parse(b, p, len, padding);
                }
                break;
            case RtcpPacket.PSFB:
                if (count == PictureLossIndication.FMT) {
                    return PictureLossIndication.parse(b, p, len, padding);
                }
                if (count == FullIntraRequest.FMT) {
                    return FullIntraRequest.parse(b, p, len, padding);
                }
                if (count == Remb.FMT && Remb.matches(b, p, len)) {
                    return Remb.parse(b, p, len, padding);
                }
                break;
            case RtcpPacket.XR:
                if (count == 0) { // the header's reserved bits; a packet that sets them is kept whole
                    return ExtendedReport.parse(b, p, len, padding);
                }
                break;
            default:
                break;
        }
        int whole = r.packetLength() - 4;
        return new UnknownRtcpPacket(r.packetType(), count, Arrays.copyOfRange(b, p, p + whole), r.padded());
    }

    /** Bytes {@link #write} needs for {@code packets}. */
    public static int encodedLength(List<? extends RtcpPacket> packets) {
        int n = 0;
        for (RtcpPacket p : packets) {
            n += p.encodedLength();
        }
        return n;
    }

    /** Writes the packets one after another from {@code off}; returns the bytes written. */
    public static int write(List<? extends RtcpPacket> packets, byte[] b, int off) {
        int p = off;
        for (RtcpPacket packet : packets) {
            p += packet.writeTo(b, p);
        }
        return p - off;
    }

    public static byte[] toBytes(List<? extends RtcpPacket> packets) {
        byte[] out = new byte[encodedLength(packets)];
        write(packets, out, 0);
        return out;
    }

    /** RFC 3550 section 6.1: a full compound packet starts with an SR or RR and carries an SDES CNAME. */
    public static boolean isFullCompound(List<? extends RtcpPacket> packets) {
        if (packets.isEmpty() || !(packets.get(0) instanceof SenderReport || packets.get(0) instanceof ReceiverReport)) {
            return false;
        }
        for (RtcpPacket p : packets) {
            if (p instanceof SourceDescription s) {
                for (SourceDescription.Chunk c : s.chunks()) {
                    if (c.find(SourceDescription.CNAME) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

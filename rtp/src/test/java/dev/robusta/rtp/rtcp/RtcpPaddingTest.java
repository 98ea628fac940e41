package dev.robusta.rtp.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.rtp.Hex;
import dev.robusta.rtp.MalformedPacketException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RTCP packets with the P bit (RFC 3550 section 6.4.1): parsed, kept and written back byte for byte. */
class RtcpPaddingTest {
    private static final ReportBlock BLOCK = new ReportBlock(2, 10, -3, 70000, 44, 0x1234, 0x5678);

    /** One packet of every type this package reads, unpadded. */
    private static List<RtcpPacket> everyType() {
        long[] arrivals = {1_000_000, 1_000_250, -1, 1_090_000, 1_089_000};
        return List.of(
                new SenderReport(1, 0xeeae6c7a6917e77dL, 9, 10, 11, List.of(BLOCK)),
                new ReceiverReport(1, List.of(BLOCK, BLOCK)),
                SourceDescription.cname(1, "robusta@test"),
                Goodbye.of(1, "bye"),
                new Goodbye(List.of(1L, 2L), null),
                new AppPacket(3, 1, "ROBU", new byte[] {1, 2, 3, 4}),
                GenericNack.of(1, 2, new int[] {5, 6, 9, 40}, 4),
                new PictureLossIndication(1, 2),
                FullIntraRequest.of(1, 2, 3),
                Remb.of(1, 2_500_000, 2, 3),
                TransportCcFeedback.build(1, 2, 65530, 3, arrivals),
                new ExtendedReport(1, List.of(new ExtendedReport.ReceiverReferenceTime(0xeeae6c7a6917e77dL),
                        new ExtendedReport.Dlrr(List.of(new ExtendedReport.DlrrItem(7, 0x6c7a6917L, 0x10000))))));
    }

    /**
     * What a sender that pads writes: the unpadded packet with the P bit set, the length field grown by the
     * padding, and the padding octets after it. Built here by hand, not by the code under test.
     */
    private static byte[] padByHand(byte[] unpadded, byte[] padding) {
        byte[] out = Arrays.copyOf(unpadded, unpadded.length + padding.length);
        System.arraycopy(padding, 0, out, unpadded.length, padding.length);
        out[0] |= 0x20;
        int words = out.length / 4 - 1;
        out[2] = (byte) (words >>> 8);
        out[3] = (byte) words;
        return out;
    }

    @Test
    void everyKnownTypeWithPaddingParsesAndWritesBackByteForByte() throws MalformedPacketException {
        byte[][] paddings = {Hex.bytes("00000004"), Hex.bytes("0000000000000008"), Hex.bytes("ffeedd04")};
        int checked = 0;
        for (RtcpPacket packet : everyType()) {
            byte[] plain = RtcpCompound.toBytes(List.of(packet));
            assertFalse(packet.padding().isPresent());
            for (byte[] padding : paddings) {
                if (packet instanceof TransportCcFeedback) {
                    continue; // its unpadded form ends with zero fill; see transportCcPaddedAsLibwebrtcWritesIt
                }
                byte[] wire = padByHand(plain, padding);
                List<RtcpPacket> parsed = RtcpCompound.parse(wire);
                assertEquals(1, parsed.size());
                RtcpPacket back = parsed.get(0);
                assertEquals(packet.getClass(), back.getClass(), "keeps its type when padded: " + packet);
                assertArrayEquals(padding, back.padding().octets());
                assertArrayEquals(wire, RtcpCompound.toBytes(parsed), "byte for byte: " + packet);
                // The same values apart from the padding: writing it without padding gives the plain packet.
                assertArrayEquals(plain, RtcpCompound.toBytes(List.of(withoutPadding(back))));
                checked++;
            }
        }
        assertEquals(11 * 3, checked);
    }

    private static RtcpPacket withoutPadding(RtcpPacket p) {
        if (p instanceof SenderReport s) {
            return s.withPadding(Padding.NONE);
        } else if (p instanceof ReceiverReport r) {
            return r.withPadding(Padding.NONE);
        } else if (p instanceof SourceDescription s) {
            return s.withPadding(Padding.NONE);
        } else if (p instanceof Goodbye g) {
            return g.withPadding(Padding.NONE);
        } else if (p instanceof AppPacket a) {
            return a.withPadding(Padding.NONE);
        } else if (p instanceof GenericNack n) {
            return n.withPadding(Padding.NONE);
        } else if (p instanceof PictureLossIndication pli) {
            return pli.withPadding(Padding.NONE);
        } else if (p instanceof FullIntraRequest f) {
            return f.withPadding(Padding.NONE);
        } else if (p instanceof Remb r) {
            return r.withPadding(Padding.NONE);
        } else if (p instanceof ExtendedReport x) {
            return x.withPadding(Padding.NONE);
        }
        throw new AssertionError("not a padded known type: " + p);
    }

    @Test
    void paddingBuiltByTheWriterMatchesTheWire() throws MalformedPacketException {
        // SR + SDES CNAME "abc" + BYE, only the BYE padded (RFC 3550 6.4.1: padding only on the last packet).
        byte[] wire = Hex.bytes("80c80006 00000001 eeae6c7a 6917e77d 00000009 0000000a 0000000b"
                + "81ca0003 00000001 01036162 63000000"
                + "a1cb0002 00000001 00000004");
        List<RtcpPacket> packets = RtcpCompound.parse(wire);
        assertEquals(3, packets.size());
        assertFalse(packets.get(0).padding().isPresent());
        assertFalse(packets.get(1).padding().isPresent());
        assertEquals(Padding.zeros(4), packets.get(2).padding());
        assertTrue(RtcpCompound.isFullCompound(packets));
        assertArrayEquals(wire, RtcpCompound.toBytes(packets));
        List<RtcpPacket> built = List.of(new SenderReport(1, 0xeeae6c7a6917e77dL, 9, 10, 11, List.of()),
                SourceDescription.cname(1, "abc"), Goodbye.of(1, null).withPadding(Padding.zeros(4)));
        assertEquals(packets, built);
        assertArrayEquals(wire, RtcpCompound.toBytes(built));
    }

    @Test
    void transportCcPaddedAsLibwebrtcWritesIt() throws MalformedPacketException {
        // One packet reported received 1 ms after the reference time: 23 bytes of feedback, then one octet of
        // RTCP padding (P bit) instead of a zero fill octet.
        byte[] wire = Hex.bytes("afcd0005 00000001 00000002 0001 0001 000000 00 2001 04 01");
        TransportCcFeedback fb = assertInstanceOf(TransportCcFeedback.class, RtcpCompound.parse(wire).get(0));
        assertEquals(Padding.zeros(1), fb.padding());
        assertArrayEquals(new long[] {1000}, fb.arrivalTimesMicros());
        assertArrayEquals(wire, RtcpCompound.toBytes(List.of(fb)));
        // The same feedback with zero fill instead: a different packet on the wire, the same report.
        byte[] filled = Hex.bytes("8fcd0005 00000001 00000002 0001 0001 000000 00 2001 04 00");
        TransportCcFeedback plain = (TransportCcFeedback) RtcpCompound.parse(filled).get(0);
        assertFalse(plain.padding().isPresent());
        assertArrayEquals(fb.arrivalTimesMicros(), plain.arrivalTimesMicros());
        assertArrayEquals(filled, RtcpCompound.toBytes(List.of(plain)));
        assertEquals(fb, plain.withPadding());
        // Five small deltas: 27 bytes, so one fill octet or one octet of padding. Six: 28 bytes, already on a word
        // boundary, so no fill, or a whole word of padding.
        TransportCcFeedback five = TransportCcFeedback.build(1, 2, 0, 0, new long[] {0, 250, 500, 750, 1000});
        assertEquals(28, five.encodedLength());
        assertEquals(28, five.withPadding().encodedLength());
        assertEquals(Padding.zeros(1), five.withPadding().padding());
        TransportCcFeedback six = TransportCcFeedback.build(1, 2, 0, 0, new long[] {0, 250, 500, 750, 1000, 1250});
        assertEquals(28, six.encodedLength());
        assertEquals(32, six.withPadding().encodedLength());
        assertEquals(Padding.zeros(4), six.withPadding().padding());
        for (TransportCcFeedback t : List.of(five, five.withPadding(), six, six.withPadding())) {
            byte[] bytes = RtcpCompound.toBytes(List.of(t));
            assertEquals(t.padding().isPresent(), (bytes[0] & 0x20) != 0);
            assertEquals(List.of(t), RtcpCompound.parse(bytes));
            assertArrayEquals(bytes, RtcpCompound.toBytes(RtcpCompound.parse(bytes)));
        }
    }

    @Test
    void unknownTypesKeepTheirPaddingToo() throws MalformedPacketException {
        byte[] wire = Hex.bytes("a3cd0003 00000001 00000002 00000004"); // RTPFB FMT 3 (TMMBR-like), padded
        UnknownRtcpPacket u = assertInstanceOf(UnknownRtcpPacket.class, RtcpCompound.parse(wire).get(0));
        assertEquals(Padding.zeros(4), u.padding());
        assertArrayEquals(wire, RtcpCompound.toBytes(List.of(u)));
    }

    @Test
    void malformedPaddingIsRejected() {
        assertMalformed("a0c90001 00000000", "padding count 0");
        assertMalformed("a0c90001 00000009", "padding count beyond the packet");
        assertMalformed("a0c90001 00000005", "padding count reaching into the header");
        assertMalformed("a0c90001 00000004", "RR body eaten by the padding");
        assertMalformed("a0c90002 00000001 00000003", "RR body not a multiple of 4 after 3 octets of padding");
        assertMalformed("a0c80007 00000001 eeae6c7a 6917e77d 00000009 0000000a 0000000b 00000008",
                "SR sender info eaten by the padding");
        assertMalformed("a1ca0003 00000001 01036162 63000004", "SDES chunk terminator eaten by the padding");
        assertMalformed("a1ca0004 00000001 01036162 63000000 00000002", "SDES 2 bytes after its chunk");
        assertMalformed("a1cb0002 00000001 00000003", "BYE with 1 byte left after the padding");
        assertMalformed("a1cd0004 00000001 00000002 00010000 00000008", "NACK items eaten by the padding");
        assertMalformed("a1ce0003 00000001 00000002 00000002", "PLI with 2 bytes of FCI");
        assertMalformed("afcd0006 00000001 00000002 0001 0001 000000 00 2001 04 00 00000004",
                "transport-cc with zero fill and padding");
        assertMalformed("8fcd0005 00000001 00000002 0001 0001 000000 00 2001 04 07", "transport-cc fill not zero");
        assertMalformed("a0cf0003 00000001 04000002 00000004", "XR RRTR block eaten by the padding");
        assertMalformed("80cf0002 00000001 04000001", "XR RRTR block overruns the packet");
        assertMalformed("80cf0003 00000001 04000001 00000000", "XR RRTR block of 8 bytes");
        assertMalformed("80cf0003 00000001 05000001 00000000", "XR DLRR block of 8 bytes");
    }

    @Test
    void paddingThatBreaksTheWordLengthIsRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> Padding.of(new byte[] {0, 0, 2}));
        assertThrows(IllegalArgumentException.class, () -> Padding.zeros(0));
        assertThrows(IllegalArgumentException.class,
                () -> new PictureLossIndication(1, 2).withPadding(Padding.zeros(3)));
        assertEquals(Padding.NONE, Padding.of(new byte[0]));
    }

    private static void assertMalformed(String hex, String why) {
        byte[] b = Hex.bytes(hex);
        assertThrows(MalformedPacketException.class, () -> RtcpCompound.parse(b), why);
    }
}

package dev.robusta.rtp.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.rtp.Hex;
import dev.robusta.rtp.MalformedPacketException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpCompoundTest {
    // Compound packets GStreamer 1.22's rtpbin sent for a VP8 stream (captured on loopback): SR + SDES (CNAME,
    // TOOL), and at the end of the stream SR + SDES + BYE.
    private static final byte[] GST_SR_SDES = Hex.bytes("80c800068f4198d9eeae6c7a6917e77d3e292644000000300000c53c"
            + "81ca000c8f4198d9011c757365723136363130343135343240686f73742d343137363034643506094753747265616d6572000000");
    private static final byte[] GST_SR_SDES_BYE = Hex.bytes("80c800068f4198d9eeae6c7ce125bb7b3e2c8a41000000790001f6b7"
            + "81ca000c8f4198d9011c757365723136363130343135343240686f73742d343137363034643506094753747265616d6572000000"
            + "81cb00018f4198d9");

    @Test
    void parsesAndRewritesGstreamerCompoundsByteForByte() throws MalformedPacketException {
        List<RtcpPacket> packets = RtcpCompound.parse(GST_SR_SDES);
        assertEquals(2, packets.size());
        SenderReport sr = assertInstanceOf(SenderReport.class, packets.get(0));
        assertEquals(0x8f4198d9L, sr.ssrc());
        assertEquals(0xeeae6c7a6917e77dL, sr.ntpTimestamp());
        assertEquals(0x6c7a6917L, sr.compactNtp());
        assertEquals(0x3e292644L, sr.rtpTimestamp());
        assertEquals(48, sr.packetCount());
        assertEquals(50492, sr.octetCount());
        assertTrue(sr.reports().isEmpty());
        SourceDescription sdes = assertInstanceOf(SourceDescription.class, packets.get(1));
        assertEquals("user1661041542@host-417604d5", sdes.chunks().get(0).find(SourceDescription.CNAME));
        assertEquals("GStreamer", sdes.chunks().get(0).find(SourceDescription.TOOL));
        assertTrue(RtcpCompound.isFullCompound(packets));
        assertArrayEquals(GST_SR_SDES, RtcpCompound.toBytes(packets));

        packets = RtcpCompound.parse(GST_SR_SDES_BYE);
        Goodbye bye = assertInstanceOf(Goodbye.class, packets.get(2));
        assertEquals(List.of(0x8f4198d9L), bye.ssrcs());
        assertEquals(null, bye.reason());
        assertArrayEquals(GST_SR_SDES_BYE, RtcpCompound.toBytes(packets));
    }

    // RFC 3550 section 6.4.2 layout, built by hand: two report blocks, the second with a negative cumulative loss
    // (duplicates), then a BYE with a reason (padded to 32 bits) and an APP packet.
    private static final byte[] RR_BYE_APP = Hex.bytes(
            "82c9000d 00000001"
            + "00000002 40 000010 0001ffff 00000020 12345678 00010000"
            + "00000003 00 fffffe 00020005 00000000 00000000 00000000"
            + "81cb0004 00000001 08 73687574646f776e 000000"
            + "85cc0004 00000001 6e616d65 01020304 05060708");

    @Test
    void receiverReportByeAndApp() throws MalformedPacketException {
        List<RtcpPacket> packets = RtcpCompound.parse(RR_BYE_APP);
        ReceiverReport rr = assertInstanceOf(ReceiverReport.class, packets.get(0));
        assertEquals(1, rr.ssrc());
        ReportBlock a = rr.reports().get(0);
        assertEquals(2, a.ssrc());
        assertEquals(0x40, a.fractionLost());
        assertEquals(16, a.cumulativeLost());
        assertEquals(0x1ffff, a.extendedHighestSequence());
        assertEquals(32, a.jitter());
        assertEquals(0x12345678, a.lastSr());
        assertEquals(65536, a.delaySinceLastSr());
        assertEquals(-2, rr.reports().get(1).cumulativeLost());
        assertEquals("shutdown", assertInstanceOf(Goodbye.class, packets.get(1)).reasonText());
        AppPacket app = assertInstanceOf(AppPacket.class, packets.get(2));
        assertEquals(5, app.subtype());
        assertEquals("name", app.name());
        assertEquals(8, app.data().length);
        assertArrayEquals(RR_BYE_APP, RtcpCompound.toBytes(packets));
    }

    @Test
    void feedbackPacketsRoundTrip() throws MalformedPacketException {
        // RFC 4585 6.2.1 NACK of 100, 101, 103, 116 and 200; RFC 4585 6.3.1 PLI; RFC 5104 4.3.1 FIR; REMB of
        // 0x3ffff << 3 bps for two SSRCs.
        byte[] bytes = Hex.bytes("81cd0004 0000000a 0000000b 0064 8005 00c8 0000"
                + "81ce0002 0000000a 0000000b"
                + "84ce0004 0000000a 00000000 0000000b 2a000000"
                + "8fce0006 0000000a 00000000 52454d42 02 0fffff 0000000b 0000000c");
        List<RtcpPacket> packets = RtcpCompound.parse(bytes);
        GenericNack nack = assertInstanceOf(GenericNack.class, packets.get(0));
        assertArrayEquals(new int[] {100, 101, 103, 116, 200}, nack.lostSequenceNumbers());
        assertEquals(nack, GenericNack.of(10, 11, new int[] {100, 101, 103, 116, 200}, 5));
        assertEquals(new PictureLossIndication(10, 11), packets.get(1));
        FullIntraRequest fir = assertInstanceOf(FullIntraRequest.class, packets.get(2));
        assertEquals(new FullIntraRequest.Entry(11, 42), fir.entries().get(0));
        assertEquals(fir, FullIntraRequest.of(10, 11, 42));
        Remb remb = assertInstanceOf(Remb.class, packets.get(3));
        assertEquals(0x3ffffL << 3, remb.bitrateBps());
        assertArrayEquals(new long[] {11, 12}, remb.ssrcs());
        assertEquals(remb, Remb.of(10, 0x3ffffL << 3, 11, 12));
        assertFalse(RtcpCompound.isFullCompound(packets), "reduced-size: no SR/RR first");
        assertArrayEquals(bytes, RtcpCompound.toBytes(packets));
    }

    @Test
    void nackAcrossTheSequenceWrap() {
        GenericNack nack = GenericNack.of(1, 2, new int[] {65534, 65535, 0, 3}, 4);
        assertEquals(1, nack.items().length);
        assertArrayEquals(new int[] {65534, 65535, 0, 3}, nack.lostSequenceNumbers());
    }

    // draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1, built by hand: 20 packets from 5; a run of
    // 10 small deltas, a two-bit vector (lost, large negative, small, lost, lost, small, lost), a one-bit vector
    // (received, received, lost, then unused).
    private static final byte[] TWCC = Hex.bytes(
            "8fcd000a 11111111 22222222 0005 0014 000102 07 200a c904 b000"
            + "040800ff010203040506 fe70 0a141e28 0000");

    @Test
    void transportCcFeedback() throws MalformedPacketException {
        List<RtcpPacket> packets = RtcpCompound.parse(TWCC);
        TransportCcFeedback fb = assertInstanceOf(TransportCcFeedback.class, packets.get(0));
        assertEquals(5, fb.baseSequence());
        assertEquals(20, fb.statusCount());
        assertEquals(258, fb.referenceTime());
        assertEquals(7, fb.feedbackCount());
        long[] expected = {16_513_000, 16_515_000, 16_515_000, 16_578_750, 16_579_000, 16_579_500, 16_580_250,
            16_581_250, 16_582_500, 16_584_000, -1, 16_484_000, 16_486_500, -1, -1, 16_491_500, -1, 16_499_000,
            16_509_000, -1};
        assertArrayEquals(expected, fb.arrivalTimesMicros());
        assertArrayEquals(TWCC, RtcpCompound.toBytes(packets));

        // Encoding the same arrivals gives a packet that reads back the same (its chunks may differ).
        TransportCcFeedback built = TransportCcFeedback.build(0x11111111L, 0x22222222L, 5, 7, expected);
        assertArrayEquals(expected, built.arrivalTimesMicros());
        TransportCcFeedback reparsed = (TransportCcFeedback) RtcpCompound.parse(RtcpCompound.toBytes(List.of(built)))
                .get(0);
        assertEquals(built, reparsed);
    }

    @Test
    void transportCcLongRunsAndWrap() throws MalformedPacketException {
        long[] arrivals = new long[9000];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = i % 3000 < 50 ? -1 : 1_000_000L + i * 1000L;
        }
        TransportCcFeedback fb = TransportCcFeedback.build(1, 2, 65000, 255, arrivals);
        TransportCcFeedback back = (TransportCcFeedback) RtcpCompound.parse(RtcpCompound.toBytes(List.of(fb))).get(0);
        assertArrayEquals(arrivals, back.arrivalTimesMicros());
        assertEquals(65000, back.baseSequence());
    }

    @Test
    void unknownTypesAreKeptWhole() throws MalformedPacketException {
        // A packet type we do not read (PT 210, RFC 6284 token), an RTPFB with an FMT we do not know, an XR with
        // its reserved header bits set, and an XR block of a type we do not read (BT 0, no contents).
        byte[] bytes = Hex.bytes("80d20002 00000001 00000000 83cd0002 00000001 00000002 81cf0001 00000001"
                + "80cf0002 00000001 00000000");
        List<RtcpPacket> packets = RtcpCompound.parse(bytes);
        assertEquals(210, assertInstanceOf(UnknownRtcpPacket.class, packets.get(0)).packetType());
        assertEquals(3, ((UnknownRtcpPacket) packets.get(1)).count());
        assertEquals(207, assertInstanceOf(UnknownRtcpPacket.class, packets.get(2)).packetType());
        ExtendedReport xr = assertInstanceOf(ExtendedReport.class, packets.get(3));
        assertEquals(List.of(new ExtendedReport.UnknownBlock(0, 0, new byte[0])), xr.blocks());
        assertArrayEquals(bytes, RtcpCompound.toBytes(packets));
        byte[] padded = Hex.bytes("a0d20002 00000001 00000004");
        assertArrayEquals(padded, RtcpCompound.toBytes(RtcpCompound.parse(padded)));
    }

    @Test
    void readerWalksWithoutParsing() throws MalformedPacketException {
        RtcpReader reader = new RtcpReader();
        assertEquals(3, reader.wrap(GST_SR_SDES_BYE, 0, GST_SR_SDES_BYE.length));
        int[] types = new int[3];
        int i = 0;
        while (reader.next()) {
            types[i++] = reader.packetType();
            assertEquals(0x8f4198d9L, reader.senderSsrc());
        }
        assertArrayEquals(new int[] {200, 202, 203}, types);
    }

    @Test
    void rejectsMalformedPackets() {
        assertMalformed("", "empty");
        assertMalformed("80c8", "header truncated");
        assertMalformed("40c90001 00000001", "version 1");
        assertMalformed("80c90002 00000001", "length overruns");
        assertMalformed("81c90001 00000001", "report count overruns");
        assertMalformed("80c80001 00000001", "SR shorter than sender info");
        assertMalformed("a0c90001 00000000", "padding count 0");
        assertMalformed("a0c90001 00000009", "padding beyond packet");
        assertMalformed("81ca0002 00000001 01050000", "SDES item overruns");
        assertMalformed("81ca0001 00000001", "SDES chunk without terminator");
        assertMalformed("82cb0001 00000001", "BYE count overruns");
        assertMalformed("81cb0002 00000001 05616263", "BYE reason overruns");
        assertMalformed("81cd0002 00000001 00000002", "NACK without items");
        assertMalformed("81ce0003 00000001 00000002 00000000", "PLI with FCI");
        assertMalformed("84ce0003 00000001 00000000 00000003", "FIR entry truncated");
        assertMalformed("8fce0004 00000001 00000000 52454d42 02000000", "REMB SSRC count overruns");
        assertMalformed("8fcd0004 00000001 00000002 00000003 00000000", "TWCC with no chunk for 3 packets");
        assertMalformed("8fcd0005 00000001 00000002 00000001 00000000 6001 0000", "TWCC reserved symbol");
        assertMalformed("8fcd0005 00000001 00000002 00000003 00000000 2003 0000", "TWCC deltas overrun");
        assertMalformed("80cc0002 00000001 61ff6263", "APP name not ASCII");
    }

    private static void assertMalformed(String hex, String why) {
        byte[] b = Hex.bytes(hex);
        assertThrows(MalformedPacketException.class, () -> RtcpCompound.parse(b), why);
    }
}

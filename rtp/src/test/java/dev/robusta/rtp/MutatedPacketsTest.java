package dev.robusta.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.rtp.packet.RtpPacket;
import dev.robusta.rtp.packet.RtpPacketWriter;
import dev.robusta.rtp.rtcp.ExtendedReport;
import dev.robusta.rtp.rtcp.FullIntraRequest;
import dev.robusta.rtp.rtcp.GenericNack;
import dev.robusta.rtp.rtcp.Goodbye;
import dev.robusta.rtp.rtcp.Padding;
import dev.robusta.rtp.rtcp.PictureLossIndication;
import dev.robusta.rtp.rtcp.ReceiverReport;
import dev.robusta.rtp.rtcp.Remb;
import dev.robusta.rtp.rtcp.ReportBlock;
import dev.robusta.rtp.rtcp.RtcpCompound;
import dev.robusta.rtp.rtcp.RtcpPacket;
import dev.robusta.rtp.rtcp.RtcpReader;
import dev.robusta.rtp.rtcp.SenderReport;
import dev.robusta.rtp.rtcp.SourceDescription;
import dev.robusta.rtp.rtcp.TransportCcFeedback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutation of valid RTP and RTCP packets: bit flips, byte overwrites, truncation, extension, length and
 * count fields set at random, splices. Parsing must either succeed or throw {@link MalformedPacketException};
 * whatever parses must read, write back and parse again to the same values. Bounded by a timeout: nothing hangs.
 */
class MutatedPacketsTest {
    private static final int RTP_MUTANTS = 600_000;
    private static final int RTCP_MUTANTS = 600_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedRtpPacketsOnlyEverThrowMalformedPacketException() {
        List<byte[]> corpus = rtpCorpus();
        Random random = new Random(0x5EED_0001L);
        RtpPacket view = new RtpPacket();
        int accepted = 0;
        long checksum = 0;
        for (int i = 0; i < RTP_MUTANTS; i++) {
            byte[] m = mutate(corpus, random);
            try {
                view.wrap(m, 0, m.length);
                accepted++;
                checksum += view.sequenceNumber() + view.timestamp() + view.ssrc() + view.payloadLength();
                for (int c = 0; c < view.csrcCount(); c++) {
                    checksum += view.csrc(c);
                }
                for (int id = 1; id < 16; id++) {
                    int at = view.findExtension(id);
                    if (at >= 0) {
                        assertTrue(at + view.foundExtensionLength() <= view.payloadOffset(), "element inside header");
                        checksum += at;
                    }
                }
                checksum += view.findExtension(200);
                assertTrue(view.payloadOffset() + view.payloadLength() + view.paddingLength() == m.length);
            } catch (MalformedPacketException expected) {
                // dropped, as a receiver would
            }
        }
        assertTrue(accepted > RTP_MUTANTS / 20, "mutations too destructive to test the accepting paths: " + accepted);
        assertTrue(checksum != 0);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedRtcpPacketsOnlyEverThrowMalformedPacketException() throws MalformedPacketException {
        List<byte[]> corpus = rtcpCorpus();
        Random random = new Random(0x5EED_0002L);
        RtcpReader reader = new RtcpReader();
        int accepted = 0;
        int padded = 0;
        for (int i = 0; i < RTCP_MUTANTS; i++) {
            byte[] m = mutate(corpus, random);
            List<RtcpPacket> packets;
            try {
                reader.wrap(m, 0, m.length);
                packets = RtcpCompound.parse(m, 0, m.length);
            } catch (MalformedPacketException expected) {
                continue;
            }
            accepted++;
            // Whatever we accept we can write, and what we write parses to the same values and writes again to
            // the same bytes.
            byte[] again = RtcpCompound.toBytes(packets);
            List<RtcpPacket> reparsed = RtcpCompound.parse(again);
            assertEquals(packets, reparsed, () -> "mutant " + Hex.of(m, 0, m.length));
            assertArrayEquals(again, RtcpCompound.toBytes(reparsed), () -> "mutant " + Hex.of(m, 0, m.length));
            padded += packets.get(packets.size() - 1).padding().isPresent() ? 1 : 0;
        }
        assertTrue(accepted > RTCP_MUTANTS / 20, "mutations too destructive to test the accepting paths: " + accepted);
        assertTrue(padded > RTCP_MUTANTS / 100, "padded packets accepted: " + padded);
    }

    private static byte[] mutate(List<byte[]> corpus, Random r) {
        byte[] m = corpus.get(r.nextInt(corpus.size())).clone();
        int ops = 1 + r.nextInt(3);
        for (int k = 0; k < ops; k++) {
            switch (r.nextInt(7)) {
                case 0 -> { // flip one bit
                    if (m.length > 0) {
                        int i = r.nextInt(m.length);
                        m[i] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> { // overwrite a byte
                    if (m.length > 0) {
                        m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                    }
                }
                case 2 -> m = Arrays.copyOf(m, r.nextInt(m.length + 1)); // truncate
                case 3 -> { // extend with random bytes
                    int old = m.length;
                    m = Arrays.copyOf(m, old + 1 + r.nextInt(16));
                    for (int i = old; i < m.length; i++) {
                        m[i] = (byte) r.nextInt(256);
                    }
                }
                case 4 -> { // a header byte (flags, counts, lengths) at random
                    if (m.length > 4) {
                        m[r.nextInt(4)] = (byte) r.nextInt(256);
                    }
                }
                case 5 -> { // a length or count field somewhere at random, at an extreme
                    if (m.length > 2) {
                        int i = r.nextInt(m.length - 1);
                        int v = r.nextBoolean() ? 0xFF : r.nextInt(4);
                        m[i] = (byte) v;
                        m[i + 1] = (byte) (r.nextBoolean() ? 0xFF : r.nextInt(8));
                    }
                }
                default -> { // splice the tail of another packet
                    byte[] other = corpus.get(r.nextInt(corpus.size()));
                    int cut = r.nextInt(m.length + 1);
                    int from = r.nextInt(other.length + 1);
                    byte[] s = Arrays.copyOf(m, cut + other.length - from);
                    System.arraycopy(other, from, s, cut, other.length - from);
                    m = s;
                }
            }
        }
        return m;
    }

    static List<byte[]> rtpCorpus() {
        List<byte[]> corpus = new ArrayList<>();
        RtpPacketWriter w = new RtpPacketWriter();
        byte[] buf = new byte[300];
        byte[] payload = new byte[40];
        new Random(1).nextBytes(payload);
        int n = w.start(buf, 0, buf.length).payloadType(96).sequenceNumber(1).timestamp(2).ssrc(3)
                .write(payload, 0, 20);
        corpus.add(Arrays.copyOf(buf, n));
        w.start(buf, 0, buf.length).payloadType(111).marker(true).addCsrc(7).addCsrc(8).addExtensionText(1, "0")
                .addExtensionValue(2, 3, 0x123456).addExtensionValue(3, 2, 77).addExtensionValue(4, 1, 0x85);
        int at = w.writeHeader();
        System.arraycopy(payload, 0, buf, at, 30);
        n = w.finish(30, 5);
        corpus.add(Arrays.copyOf(buf, n));
        n = w.start(buf, 0, buf.length).addExtension(30, payload, 0, 20).addExtension(1, payload, 0, 0)
                .addExtensionText(5, "rid-long-enough-for-two").write(payload, 0, 40);
        corpus.add(Arrays.copyOf(buf, n));
        corpus.add(Hex.bytes("90 00 0001 00000000 00000001 bede 0002 10 aa f0 21 bbcc 0000"));
        corpus.add(Hex.bytes("9f 00 0001 00000000 00000001" + "00000001".repeat(15) + "abcd 0001 01020304 ff"));
        return corpus;
    }

    static List<byte[]> rtcpCorpus() throws MalformedPacketException {
        List<byte[]> corpus = new ArrayList<>();
        ReportBlock block = new ReportBlock(2, 10, -3, 70000, 44, 0x1234, 0x5678);
        corpus.add(RtcpCompound.toBytes(List.of(
                new SenderReport(1, 0xeeae6c7a6917e77dL, 9, 10, 11, List.of(block, block)),
                SourceDescription.cname(1, "robusta@test"), Goodbye.of(1, "bye"))));
        corpus.add(RtcpCompound.toBytes(List.of(new ReceiverReport(1, List.of(block)),
                new SourceDescription(List.of(new SourceDescription.Chunk(1, List.of(
                        SourceDescription.Item.text(SourceDescription.CNAME, "c"),
                        SourceDescription.Item.text(SourceDescription.TOOL, "tool"))))),
                GenericNack.of(1, 2, new int[] {5, 6, 9, 40}, 4), new PictureLossIndication(1, 2),
                FullIntraRequest.of(1, 2, 3), Remb.of(1, 2_500_000, 2, 3))));
        long[] arrivals = new long[60];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = i % 9 == 4 ? -1 : 5_000_000L + i * (i % 5 == 0 ? 90_000L : 900L);
        }
        corpus.add(RtcpCompound.toBytes(List.of(TransportCcFeedback.build(1, 2, 65530, 3, arrivals))));
        corpus.add(Hex.bytes("85cc0004 00000001 6e616d65 01020304 05060708 a0cf0002 00000001 00000004"));
        // Padded: a compound whose last packet (BYE) is padded, TWCC padded as libwebrtc does, and an XR.
        corpus.add(RtcpCompound.toBytes(List.of(new SenderReport(1, 5, 9, 10, 11, List.of(block)),
                SourceDescription.cname(1, "abc"), Goodbye.of(1, "x").withPadding(Padding.zeros(8)))));
        corpus.add(RtcpCompound.toBytes(List.of(TransportCcFeedback.build(1, 2, 7, 3, arrivals).withPadding())));
        corpus.add(RtcpCompound.toBytes(List.of(new ReceiverReport(1, List.of(block)), new ExtendedReport(1, List.of(
                new ExtendedReport.ReceiverReferenceTime(0xeeae6c7a6917e77dL),
                new ExtendedReport.Dlrr(List.of(new ExtendedReport.DlrrItem(2, 3, 4), new ExtendedReport.DlrrItem(5, 6,
                        7))),
                new ExtendedReport.UnknownBlock(6, 1, new byte[8]))).withPadding(Padding.zeros(4)))));
        for (byte[] b : corpus) {
            // The corpus itself must be valid and write back byte for byte.
            assertArrayEquals(b, RtcpCompound.toBytes(RtcpCompound.parse(b)));
        }
        return corpus;
    }
}

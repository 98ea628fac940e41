package dev.robusta.benchmarks.rtp;

import dev.robusta.rtp.MalformedPacketException;
import dev.robusta.rtp.packet.HeaderExtensionMap;
import dev.robusta.rtp.packet.HeaderExtensions;
import dev.robusta.rtp.packet.RtpPacket;
import dev.robusta.rtp.packet.RtpPacketWriter;
import dev.robusta.rtp.rtcp.GenericNack;
import dev.robusta.rtp.rtcp.ReceiverReport;
import dev.robusta.rtp.rtcp.ReportBlock;
import dev.robusta.rtp.rtcp.RtcpCompound;
import dev.robusta.rtp.rtcp.RtcpReader;
import dev.robusta.rtp.rtcp.SenderReport;
import dev.robusta.rtp.rtcp.SourceDescription;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * RTP and RTCP on the per-packet path: parsing a browser-like video packet (MID, abs-send-time, transport-cc,
 * video-orientation) with the lookups a receiver makes, writing one into a reused buffer, and an SR + RR + SDES
 * + NACK compound, walked in place and parsed to values. Expect 0 B/op for the RTP paths and the RTCP walk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtpPacketBenchmark {
    private final HeaderExtensionMap map = new HeaderExtensionMap().register(1, HeaderExtensionMap.MID)
            .register(2, HeaderExtensionMap.ABS_SEND_TIME).register(3, HeaderExtensionMap.TRANSPORT_WIDE_CC)
            .register(4, HeaderExtensionMap.VIDEO_ORIENTATION);
    private final RtpPacket view = new RtpPacket();
    private final RtpPacketWriter writer = new RtpPacketWriter();
    private final RtcpReader reader = new RtcpReader();
    private final byte[] payload = new byte[1100];
    private final byte[] out = new byte[1500];
    private byte[] packet;
    private byte[] compound;
    private int seq;

    @Setup
    public void setUp() throws MalformedPacketException {
        int n = write();
        packet = java.util.Arrays.copyOf(out, n);
        ReportBlock block = new ReportBlock(0x2222, 3, 17, 70_000, 120, 0x12345678, 0x1000);
        compound = RtcpCompound.toBytes(List.of(
                new SenderReport(0x1111, 0xeeae6c7a6917e77dL, 90_000, 1000, 1_000_000, List.of(block)),
                new ReceiverReport(0x1112, List.of(block, block)), SourceDescription.cname(0x1111, "bench@robusta"),
                GenericNack.of(0x1111, 0x2222, new int[] {10, 11, 14, 40}, 4)));
        view.wrap(packet, 0, packet.length);
        if (HeaderExtensions.transportSequenceNumber(view, map) != 777) {
            throw new IllegalStateException("benchmark packet does not verify");
        }
    }

    private int write() {
        writer.start(out, 0, out.length).payloadType(96).sequenceNumber(seq).timestamp(90_000L * seq).ssrc(0x2222)
                .marker(false).addExtensionText(map.mid(), "0").addExtensionValue(map.absSendTime(), 3, 0x123456)
                .addExtensionValue(map.transportWideCc(), 2, 777).addExtensionValue(map.videoOrientation(), 1, 1);
        return writer.write(payload, 0, payload.length);
    }

    /** Parse and validate, then what demultiplexing and congestion control read. */
    @Benchmark
    public void parseWithExtensionLookup(Blackhole bh) throws MalformedPacketException {
        view.wrap(packet, 0, packet.length);
        bh.consume(view.sequenceNumber());
        bh.consume(view.ssrc());
        bh.consume(HeaderExtensions.textEquals(view, map.mid(), "0"));
        bh.consume(HeaderExtensions.transportSequenceNumber(view, map));
        bh.consume(HeaderExtensions.absSendTime(view, map));
        bh.consume(view.payloadLength());
    }

    @Benchmark
    public int writePacket() {
        seq = (seq + 1) & 0xFFFF;
        return write();
    }

    /** Walk a compound packet's headers in place (what demultiplexing needs). */
    @Benchmark
    public void rtcpCompoundWalk(Blackhole bh) throws MalformedPacketException {
        reader.wrap(compound, 0, compound.length);
        while (reader.next()) {
            bh.consume(reader.packetType());
            bh.consume(reader.senderSsrc());
        }
    }

    /** Parse a compound packet into values (allocates the records). */
    @Benchmark
    public Object rtcpCompoundParse() throws MalformedPacketException {
        return RtcpCompound.parse(compound, 0, compound.length);
    }
}

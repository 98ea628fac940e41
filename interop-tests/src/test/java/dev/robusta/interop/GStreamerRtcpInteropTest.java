package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.codec.rtp.Vp8Payloader;
import dev.robusta.rtp.MalformedPacketException;
import dev.robusta.rtp.packet.RtpPacket;
import dev.robusta.rtp.packet.RtpPacketWriter;
import dev.robusta.rtp.rtcp.ReceiverReport;
import dev.robusta.rtp.rtcp.ReportBlock;
import dev.robusta.rtp.rtcp.RtcpCompound;
import dev.robusta.rtp.rtcp.RtcpPacket;
import dev.robusta.rtp.rtcp.SenderReport;
import dev.robusta.rtp.stream.ReceiveStream;
import dev.robusta.rtp.stream.RtcpSession;
import dev.robusta.rtp.stream.SendStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTCP against GStreamer's {@code rtpbin} over UDP on 127.0.0.1: one RTP session in which each side sends a VP8
 * stream to the other for about five seconds and both send RTCP. GStreamer's reports must describe our stream
 * (our SSRC, no loss, small jitter, a highest sequence number we sent, LSR echoing our SR so our RTT is
 * measured), and ours, from {@link RtcpSession}, must describe GStreamer's (its SSRC, no loss, small jitter).
 */
@Timeout(60)
class GStreamerRtcpInteropTest {
    private static final long GST_SSRC = 0x11223344L;
    private static final long OUR_SSRC = 0x55667788L;
    private static final int PT = 96;
    private static final int CLOCK_RATE = 90_000;
    private static final int FRAMES = 150; // 5 s at 30 fps
    /** 100 ms in RTP ticks: on loopback, with 30 fps pacing, real jitter is a few ms at most. */
    private static final long PLAUSIBLE_JITTER = CLOCK_RATE / 10;

    @TempDir
    Path dir;

    @Test
    void receiverReportsOnBothSidesDescribeTheOtherSidesStream() throws Exception {
        List<byte[]> frames = encodeFrames();
        try (DatagramChannel rtp = open(); DatagramChannel rtcp = open()) {
            int gstRtpPort = freeUdpPort();
            int gstRtcpPort = freeUdpPort();
            String pipeline = "rtpbin name=rb"
                    + " videotestsrc is-live=true num-buffers=" + FRAMES + " pattern=smpte horizontal-speed=4"
                    + " ! video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1"
                    + " ! rtpvp8pay mtu=1200 pt=" + PT + " ssrc=" + GST_SSRC + " ! rb.send_rtp_sink_0"
                    + " rb.send_rtp_src_0 ! udpsink host=127.0.0.1 port=" + port(rtp)
                    + " rb.send_rtcp_src_0 ! udpsink host=127.0.0.1 port=" + port(rtcp) + " sync=false async=false"
                    + " udpsrc address=127.0.0.1 port=" + gstRtpPort
                    + " caps=application/x-rtp,media=video,clock-rate=90000,encoding-name=VP8,payload=" + PT
                    + " ! rb.recv_rtp_sink_0"
                    + " udpsrc address=127.0.0.1 port=" + gstRtcpPort + " ! rb.recv_rtcp_sink_0"
                    + " rb. ! rtpvp8depay ! fakesink";
            try (GstLaunch gst = GstLaunch.start(dir, "rtpbin", pipeline, Map.of("GST_DEBUG", "rtpsession:6"))) {
                gst.awaitPlaying(15, TimeUnit.SECONDS);
                run(gst, frames, rtp, rtcp, new InetSocketAddress("127.0.0.1", gstRtpPort),
                        new InetSocketAddress("127.0.0.1", gstRtcpPort));
            }
        }
    }

    private final List<ReportBlock> gstBlocksAboutUs = new ArrayList<>();
    private final List<ReportBlock> ourBlocksAboutGst = new ArrayList<>();
    private boolean gstSentSr;

    private void run(GstLaunch gst, List<byte[]> frames, DatagramChannel rtp, DatagramChannel rtcp,
            InetSocketAddress gstRtp, InetSocketAddress gstRtcp) throws Exception {
        long ntpOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        RtcpSession session = new RtcpSession("robusta@127.0.0.1", 2_000_000, 1_000_000_000L, new Random(7),
                ntpOffset);
        SendStream ours = session.addSendStream(OUR_SSRC, CLOCK_RATE);
        ReceiveStream theirs = session.addReceiveStream(GST_SSRC, CLOCK_RATE);
        Vp8Payloader payloader = new Vp8Payloader(1200 - RtpPacket.FIXED_HEADER_BYTES, false, 77);
        RtpPacketWriter writer = new RtpPacketWriter();
        RtpPacket view = new RtpPacket();
        byte[] payload = new byte[payloader.maxPayloadBytes()];
        byte[] packet = new byte[1200];
        ByteBuffer in = ByteBuffer.allocate(2048);
        int seq = 1000;
        long start = System.nanoTime();
        long frameInterval = TimeUnit.SECONDS.toNanos(1) / 30;
        long end = start + TimeUnit.SECONDS.toNanos(7);
        int frameIndex = 0;
        session.handleTimeout(start);
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (frameIndex < FRAMES && now >= start + frameIndex * frameInterval) {
                byte[] frame = frames.get(frameIndex % frames.size());
                long ts = 5000 + (now - start) * CLOCK_RATE / 1_000_000_000L;
                payloader.setFrame(frame, 0, frame.length);
                while (payloader.hasNext()) {
                    int n = payloader.next(payload, 0);
                    int len = writer.start(packet, 0, packet.length).payloadType(PT).sequenceNumber(seq++ & 0xFFFF)
                            .timestamp(ts).ssrc(OUR_SSRC).marker(payloader.marker()).write(payload, 0, n);
                    rtp.send(ByteBuffer.wrap(packet, 0, len), gstRtp);
                    ours.onPacketSent(now, ts, n, len - n, false);
                }
                frameIndex++;
            }
            in.clear();
            while (rtp.receive(in) != null) {
                view.wrap(in.array(), 0, in.position());
                assertEquals(GST_SSRC, view.ssrc(), "GStreamer's RTP SSRC");
                theirs.onPacket(System.nanoTime(), view.sequenceNumber(), view.timestamp(), view.payloadLength(),
                        view.headerLength() + view.paddingLength(), false);
                session.onRtpReceived(System.nanoTime(), GST_SSRC);
                in.clear();
            }
            while (rtcp.receive(in) != null) {
                List<RtcpPacket> packets = RtcpCompound.parse(in.array(), 0, in.position());
                collect(packets, GST_SSRC, OUR_SSRC, gstBlocksAboutUs, true);
                session.onRtcp(System.nanoTime(), packets, in.position());
                in.clear();
            }
            session.handleTimeout(System.nanoTime());
            for (byte[] report; (report = session.pollTransmit()) != null; ) {
                collect(RtcpCompound.parse(report, 0, report.length), OUR_SSRC, GST_SSRC, ourBlocksAboutGst, false);
                rtcp.send(ByteBuffer.wrap(report), gstRtcp);
            }
            if (frameIndex >= FRAMES && !gstBlocksAboutUs.isEmpty() && !ourBlocksAboutGst.isEmpty()
                    && ours.roundTripTimeNanos() > 0 && !gst.isAlive()) {
                break;
            }
            Thread.sleep(2);
        }

        assertTrue(gstSentSr, "GStreamer sent a sender report; " + gst.describe());
        assertFalse(gstBlocksAboutUs.isEmpty(), "GStreamer reported on our SSRC; " + gst.describe());
        long lastSent = seq - 1;
        for (ReportBlock b : gstBlocksAboutUs) {
            // Observed with GStreamer 1.22 on a loss-free link: its early reports say -1 (one more packet received
            // than expected, which RFC 3550 6.4.1 allows), apparently from how rtpsource counts the packets of
            // its probation; anything else, in particular any real loss, fails.
            assertTrue(b.cumulativeLost() == 0 || b.cumulativeLost() == -1,
                    "GStreamer's cumulative loss of our stream: " + b);
            assertEquals(0, b.fractionLost(), "GStreamer's fraction lost of our stream: " + b);
            assertTrue(b.jitter() < PLAUSIBLE_JITTER, "GStreamer's jitter of our stream: " + b);
            assertTrue(b.extendedHighestSequence() >= 1000 && b.extendedHighestSequence() <= lastSent,
                    "highest sequence number within what we sent: " + b);
        }
        long rtt = ours.roundTripTimeNanos();
        assertTrue(rtt > 0 && rtt < TimeUnit.MILLISECONDS.toNanos(500), "RTT from GStreamer's LSR/DLSR: " + rtt);

        assertFalse(ourBlocksAboutGst.isEmpty(), "we reported on GStreamer's SSRC");
        for (ReportBlock b : ourBlocksAboutGst) {
            assertEquals(0, b.cumulativeLost(), "our cumulative loss of GStreamer's stream: " + b);
            assertTrue(b.jitter() < PLAUSIBLE_JITTER, "our jitter of GStreamer's stream: " + b);
        }
        assertEquals(0, theirs.cumulativeLost(), "GStreamer's packets lost on loopback");
        assertTrue(theirs.stats().packetsReceived() > FRAMES, "packets from GStreamer: "
                + theirs.stats().packetsReceived());
    }

    /** Keeps the report blocks {@code from} sends about {@code about}. */
    private void collect(List<RtcpPacket> packets, long from, long about, List<ReportBlock> into, boolean remote) {
        for (RtcpPacket p : packets) {
            List<ReportBlock> blocks = null;
            if (p instanceof SenderReport sr && sr.ssrc() == from) {
                blocks = sr.reports();
                if (remote) {
                    gstSentSr = true;
                }
            } else if (p instanceof ReceiverReport rr && rr.ssrc() == from) {
                blocks = rr.reports();
            }
            if (blocks != null) {
                blocks.stream().filter(b -> b.ssrc() == about).forEach(into::add);
            }
        }
    }

    private List<byte[]> encodeFrames() throws Exception {
        Files.createDirectories(dir.resolve("source"));
        try (GstLaunch gst = GstLaunch.start(dir, "encode", "videotestsrc num-buffers=60 pattern=ball"
                + " ! video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 keyframe-max-dist=60"
                + " ! multifilesink location=source/f%05d.vp8")) {
            gst.awaitSuccess(30, TimeUnit.SECONDS);
        }
        List<byte[]> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("source"))) {
            for (Path p : files.sorted().toList()) {
                frames.add(Files.readAllBytes(p));
            }
        }
        assertEquals(60, frames.size(), "frames encoded");
        return frames;
    }

    private static DatagramChannel open() throws IOException {
        DatagramChannel c = DatagramChannel.open();
        c.bind(new InetSocketAddress("127.0.0.1", 0));
        c.configureBlocking(false);
        return c;
    }

    private static int port(DatagramChannel c) throws IOException {
        return ((InetSocketAddress) c.getLocalAddress()).getPort();
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramChannel c = open()) {
            return port(c);
        }
    }
}

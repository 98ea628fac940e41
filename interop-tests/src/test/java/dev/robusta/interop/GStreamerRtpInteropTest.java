package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.robusta.codec.rtp.H264Depayloader;
import dev.robusta.codec.rtp.H264Payloader;
import dev.robusta.codec.rtp.RtpDepayloader;
import dev.robusta.codec.rtp.RtpPayloadException;
import dev.robusta.codec.rtp.RtpPayloader;
import dev.robusta.codec.rtp.Vp8Depayloader;
import dev.robusta.codec.rtp.Vp8Payloader;
import dev.robusta.rtp.MalformedPacketException;
import dev.robusta.rtp.packet.RtpPacket;
import dev.robusta.rtp.packet.RtpPacketWriter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our RTP payload formats against GStreamer's, over RTP/UDP on 127.0.0.1, both directions. GStreamer encodes 60
 * frames of 320x240 moving test video (3-5 kB a frame, so frames span several packets and H.264 slices need FU-A) (VP8 with vp8enc, H.264 with openh264enc, a keyframe every 30 frames) and writes
 * every encoded frame to its own file with multifilesink, beside the RTP stream. Receiving, the frames our
 * depayloader rebuilds from {@code rtpvp8pay} / {@code rtph264pay} must equal those files, in order; sending, the
 * frames {@code rtpvp8depay} / {@code rtph264depay} rebuild from our payloader's stream must equal the files we
 * sent.
 */
@Timeout(120)
class GStreamerRtpInteropTest {
    private static final int FRAMES = 60;
    private static final int MTU = 1200;
    private static final int PT = 96;
    private static final long TICKS_PER_FRAME = 90_000 / 30;
    private static final String SOURCE = "videotestsrc num-buffers=" + FRAMES + " pattern=smpte horizontal-speed=4"
            + " ! video/x-raw,width=320,height=240,framerate=30/1";
    private static final String VP8_ENCODER = "vp8enc deadline=1 keyframe-max-dist=30 target-bitrate=1000000";
    private static final String H264_ENCODER = "openh264enc gop-size=30 bitrate=1000000"
            + " ! video/x-h264,stream-format=byte-stream,alignment=au";
    private static final String H264_CAPS = "video/x-h264,stream-format=byte-stream,alignment=au";

    @TempDir
    Path dir;

    /** The RTP packets of the test's stream, whichever side sent them. */
    private final List<byte[]> rtpPackets = new ArrayList<>();

    @Test
    void gstreamerVp8IsDepayloadedIntoTheEncodersFrames() throws Exception {
        List<Frame> received = receiveFromGstreamer(VP8_ENCODER, "rtpvp8pay mtu=" + MTU + " picture-id-mode=15-bit",
                ".vp8", new Vp8Depayloader());
        List<byte[]> encoded = readFrames(dir.resolve("encoded"));
        assertEquals(FRAMES, encoded.size(), "frames vp8enc wrote");
        assertSameFrames(encoded, received);
        for (int i = 0; i < received.size(); i++) {
            assertEquals(isVp8Keyframe(encoded.get(i)), received.get(i).keyframe(), "keyframe flag of frame " + i);
        }
        assertTrue(received.get(0).keyframe() && received.get(30).keyframe(), "keyframes at 0 and 30");
        assertTrue(rtpPackets.size() >= 2 * FRAMES, "frames span several packets: " + rtpPackets.size());
    }

    /**
     * config-interval=0: rtph264pay sends the encoder's NAL units as they are (openh264enc puts SPS and PPS in
     * front of every IDR itself), so every access unit we rebuild has exactly the encoder's NAL units.
     */
    @Test
    void gstreamerH264IsDepayloadedIntoTheEncodersAccessUnits() throws Exception {
        List<Frame> received = receiveFromGstreamer(H264_ENCODER, "rtph264pay mtu=" + MTU + " config-interval=0",
                ".h264", new H264Depayloader());
        List<byte[]> encoded = readFrames(dir.resolve("encoded"));
        assertEquals(FRAMES, encoded.size(), "access units openh264enc wrote");
        assertEquals(encoded.size(), received.size(), "access units rebuilt");
        for (int i = 0; i < encoded.size(); i++) {
            assertEquals(nalUnits(encoded.get(i)), nalUnits(received.get(i).bytes()), "NAL units of AU " + i);
            assertEquals(hasNalType(encoded.get(i), 5), received.get(i).keyframe(), "keyframe flag of AU " + i);
        }
        assertTrue(received.get(0).keyframe() && received.get(30).keyframe(), "IDR at 0 and 30");
        assertTrue(countH264PacketType(rtpPackets, 28) > 0, "FU-A packets exercised");
    }

    /**
     * config-interval=-1: rtph264pay sends its own copy of SPS and PPS before every IDR slice, although the
     * encoder's are already in the access unit; we must rebuild the access unit with both copies, in order.
     */
    @Test
    void gstreamerH264WithParameterSetsRepeatedPerIdrIsDepayloadedInOrder() throws Exception {
        List<Frame> received = receiveFromGstreamer(H264_ENCODER, "rtph264pay mtu=" + MTU + " config-interval=-1",
                ".h264", new H264Depayloader());
        List<byte[]> encoded = readFrames(dir.resolve("encoded"));
        assertEquals(FRAMES, encoded.size(), "access units openh264enc wrote");
        assertEquals(encoded.size(), received.size(), "access units rebuilt");
        for (int i = 0; i < encoded.size(); i++) {
            List<String> nals = nalUnits(encoded.get(i));
            List<String> expected = new ArrayList<>();
            for (String nal : nals) {
                if (nalType(nal) == 5 && expected.stream().noneMatch(n -> nalType(n) == 5)) {
                    // the payloader's SPS and PPS go right before the access unit's first IDR slice
                    nals.stream().filter(n -> nalType(n) == 7 || nalType(n) == 8).forEach(expected::add);
                }
                expected.add(nal);
            }
            assertEquals(expected, nalUnits(received.get(i).bytes()), "NAL units of AU " + i);
            assertEquals(hasNalType(encoded.get(i), 5), received.get(i).keyframe(), "keyframe flag of AU " + i);
        }
    }

    @Test
    void ourVp8StreamIsDepayloadedByRtpvp8depayIntoTheFramesWeSent() throws Exception {
        List<byte[]> sent = encodeWithGstreamer(VP8_ENCODER, ".vp8");
        Vp8Payloader payloader = new Vp8Payloader(MTU - RtpPacket.FIXED_HEADER_BYTES, false, 0x1234);
        List<byte[]> rebuilt = sendToGstreamer(sent, "VP8", "rtpvp8depay", ".vp8", payloader,
                f -> payloader.setFrame(f, 0, f.length));
        assertEquals(sent.size(), rebuilt.size(), "frames rtpvp8depay wrote");
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), rebuilt.get(i), "frame " + i);
        }
        assertTrue(rtpPackets.size() >= 2 * FRAMES, "frames span several packets: " + rtpPackets.size());
    }

    @Test
    void ourH264StreamIsDepayloadedByRtph264depayIntoTheAccessUnitsWeSent() throws Exception {
        List<byte[]> sent = encodeWithGstreamer(H264_ENCODER, ".h264");
        H264Payloader payloader = new H264Payloader(MTU - RtpPacket.FIXED_HEADER_BYTES, 1);
        List<byte[]> rebuilt = sendToGstreamer(sent, "H264", "rtph264depay ! " + H264_CAPS, ".h264", payloader,
                f -> payloader.setFrame(f, 0, f.length));
        assertEquals(sent.size(), rebuilt.size(), "access units rtph264depay wrote");
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(nalUnits(sent.get(i)), nalUnits(rebuilt.get(i)), "NAL units of access unit " + i);
        }
        assertTrue(countH264PacketType(rtpPackets, 24) >= 2, "STAP-A (SPS+PPS) for both IDRs");
        assertTrue(countH264PacketType(rtpPackets, 28) > 0, "FU-A packets exercised");
    }

    // ---- GStreamer sends, we receive ----

    private record Frame(byte[] bytes, long timestamp, boolean keyframe) {
    }

    /**
     * Runs {@code source ! encoder ! tee}, one branch payloaded to our socket, the other written frame by frame to
     * {@code encoded/}, and depayloads what arrives. Asserts the stream itself: one SSRC, payload type 96, no gap
     * in sequence numbers, packets within the MTU, marker on each frame's last packet.
     */
    private List<Frame> receiveFromGstreamer(String encoder, String payloader, String suffix,
            RtpDepayloader depayloader) throws Exception {
        Files.createDirectories(dir.resolve("encoded"));
        List<byte[]> datagrams = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setReceiveBufferSize(4 << 20);
            socket.setSoTimeout(300);
            String pipeline = SOURCE + " ! " + encoder + " ! tee name=t"
                    + " t. ! queue ! " + payloader + " ! udpsink host=127.0.0.1 port=" + socket.getLocalPort()
                    + " t. ! queue ! multifilesink location=encoded/f%05d" + suffix;
            try (GstLaunch gst = GstLaunch.start(dir, "send", pipeline)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                byte[] buf = new byte[2048];
                while (System.nanoTime() < deadline) {
                    DatagramPacket dp = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(dp);
                        datagrams.add(Arrays.copyOf(buf, dp.getLength()));
                        rtpPackets.add(datagrams.get(datagrams.size() - 1));
                    } catch (SocketTimeoutException quiet) {
                        if (!gst.isAlive()) {
                            break;
                        }
                    }
                }
                gst.awaitSuccess(5, TimeUnit.SECONDS);
            }
        }
        return depayload(datagrams, depayloader);
    }

    private static List<Frame> depayload(List<byte[]> datagrams, RtpDepayloader depayloader)
            throws MalformedPacketException, RtpPayloadException {
        assertTrue(!datagrams.isEmpty(), "no RTP packet arrived");
        RtpPacket packet = new RtpPacket();
        List<Frame> frames = new ArrayList<>();
        long ssrc = -1;
        int expectedSeq = -1;
        for (byte[] d : datagrams) {
            packet.wrap(d, 0, d.length);
            assertEquals(PT, packet.payloadType(), "payload type");
            assertTrue(d.length <= MTU, "packet of " + d.length + " bytes exceeds the MTU");
            if (ssrc < 0) {
                ssrc = packet.ssrc();
            }
            assertEquals(ssrc, packet.ssrc(), "one SSRC");
            if (expectedSeq >= 0 && packet.sequenceNumber() != expectedSeq) {
                fail("sequence gap on loopback: expected " + expectedSeq + ", got " + packet.sequenceNumber());
            }
            expectedSeq = (packet.sequenceNumber() + 1) & 0xFFFF;
            boolean complete = depayloader.push(packet.sequenceNumber(), packet.timestamp(), packet.marker(),
                    d, packet.payloadOffset(), packet.payloadLength());
            assertEquals(packet.marker(), complete, "a frame completes exactly at the marker bit");
            if (complete) {
                frames.add(new Frame(Arrays.copyOf(depayloader.frame(), depayloader.frameLength()),
                        depayloader.frameTimestamp(), depayloader.frameIsKeyframe()));
            }
        }
        assertEquals(0, depayloader.framesDropped(), "frames dropped");
        for (int i = 1; i < frames.size(); i++) {
            assertTrue(frames.get(i).timestamp() > frames.get(i - 1).timestamp(), "timestamps increase");
        }
        return frames;
    }

    private static void assertSameFrames(List<byte[]> encoded, List<Frame> received) {
        assertEquals(encoded.size(), received.size(), "frames rebuilt");
        for (int i = 0; i < encoded.size(); i++) {
            assertArrayEquals(encoded.get(i), received.get(i).bytes(), "frame " + i);
        }
    }

    // ---- we send, GStreamer receives ----

    private List<byte[]> encodeWithGstreamer(String encoder, String suffix) throws Exception {
        Files.createDirectories(dir.resolve("source"));
        try (GstLaunch gst = GstLaunch.start(dir, "encode",
                SOURCE + " ! " + encoder + " ! multifilesink location=source/f%05d" + suffix)) {
            gst.awaitSuccess(30, TimeUnit.SECONDS);
        }
        List<byte[]> frames = readFrames(dir.resolve("source"));
        assertEquals(FRAMES, frames.size(), "frames encoded");
        return frames;
    }

    /**
     * Starts {@code udpsrc ! rtpjitterbuffer ! depayloader ! multifilesink}, sends every frame through our
     * payloader, one frame every 10 ms, and returns the frames GStreamer wrote once all arrived (or 15 s passed).
     */
    private List<byte[]> sendToGstreamer(List<byte[]> frames, String encodingName, String depayloader,
            String suffix, RtpPayloader payloader, Consumer<byte[]> setFrame) throws Exception {
        Path out = Files.createDirectories(dir.resolve("rebuilt"));
        int port = freeUdpPort();
        String pipeline = "-e udpsrc address=127.0.0.1 port=" + port
                + " caps=application/x-rtp,media=video,clock-rate=90000,encoding-name=" + encodingName
                + ",payload=" + PT + " ! rtpjitterbuffer latency=200 ! " + depayloader
                + " ! multifilesink location=rebuilt/f%05d" + suffix;
        try (GstLaunch gst = GstLaunch.start(dir, "receive", pipeline);
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            gst.awaitPlaying(15, TimeUnit.SECONDS);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            RtpPacketWriter writer = new RtpPacketWriter();
            byte[] payload = new byte[payloader.maxPayloadBytes()];
            byte[] packet = new byte[MTU];
            int seq = 40_000;
            long timestamp = 1_000_000;
            for (byte[] frame : frames) {
                setFrame.accept(frame);
                while (payloader.hasNext()) {
                    int n = payloader.next(payload, 0);
                    int len = writer.start(packet, 0, packet.length).payloadType(PT).sequenceNumber(seq & 0xFFFF)
                            .timestamp(timestamp).ssrc(0x0BADCAFEL).marker(payloader.marker())
                            .write(payload, 0, n);
                    socket.send(new DatagramPacket(packet, len, target));
                    rtpPackets.add(Arrays.copyOf(packet, len));
                    seq++;
                }
                timestamp += TICKS_PER_FRAME;
                Thread.sleep(10);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (countFiles(out) < frames.size() && System.nanoTime() < deadline && gst.isAlive()) {
                Thread.sleep(50);
            }
            Thread.sleep(300); // let a surplus frame, if any, show up before we count
            assertEquals(frames.size(), countFiles(out), "frames GStreamer wrote; " + gst.describe());
        }
        return readFrames(out);
    }

    // ---- files and bytes ----

    private static List<byte[]> readFrames(Path folder) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.sorted().toList()) {
                frames.add(Files.readAllBytes(p));
            }
        }
        return frames;
    }

    private static long countFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    /** RFC 6386 9.1: bit 0 of the frame tag is 0 for a key frame. */
    private static boolean isVp8Keyframe(byte[] frame) {
        return (frame[0] & 0x01) == 0;
    }

    /** The NAL units of an Annex B access unit, without start codes, hex-encoded (readable in a failed assertion). */
    static List<String> nalUnits(byte[] au) {
        List<String> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < au.length) {
            if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 1) {
                if (start >= 0) {
                    nals.add(hex(au, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            nals.add(hex(au, start, au.length));
        }
        return nals;
    }

    private static String hex(byte[] b, int from, int to) {
        while (to > from && b[to - 1] == 0) {
            to--; // the zero_byte of a 4-byte start code, or trailing_zero_8bits
        }
        StringBuilder s = new StringBuilder((to - from) * 2);
        for (int i = from; i < to; i++) {
            s.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return s.toString();
    }

    private static int nalType(String hexNal) {
        return Integer.parseInt(hexNal.substring(0, 2), 16) & 0x1F;
    }

    private static boolean hasNalType(byte[] au, int type) {
        return nalUnits(au).stream().anyMatch(n -> nalType(n) == type);
    }

    /** Packets whose RTP payload's first byte says NAL unit type {@code type} (24 STAP-A, 28 FU-A). */
    private static long countH264PacketType(List<byte[]> packets, int type) throws MalformedPacketException {
        RtpPacket view = new RtpPacket();
        long n = 0;
        for (byte[] p : packets) {
            view.wrap(p, 0, p.length);
            if ((p[view.payloadOffset()] & 0x1F) == type) {
                n++;
            }
        }
        return n;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }
}

package dev.robusta.rtp.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.rtp.MalformedPacketException;
import dev.robusta.rtp.jitter.JitterBuffer;
import dev.robusta.rtp.jitter.PayloadInspector;
import dev.robusta.rtp.packet.RtpPacket;
import dev.robusta.rtp.packet.RtpPacketWriter;
import dev.robusta.rtp.rtcp.GenericNack;
import dev.robusta.rtp.rtcp.FullIntraRequest;
import dev.robusta.rtp.rtcp.PictureLossIndication;
import dev.robusta.rtp.rtcp.RtcpCompound;
import dev.robusta.rtp.rtcp.RtcpPacket;
import dev.robusta.rtp.stream.ReceiveStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 30 fps video stream over a seeded simulated link (loss, delay with jitter, hence reordering) in virtual
 * time: the sender keeps a packet history and answers NACKs with RTX; the receiver runs a ReceiveStream, a
 * NackGenerator and a JitterBuffer, and sends NACKs and PLIs back over the same lossy link. Every frame the
 * receiver releases is compared with what was sent.
 */
class LossRecoverySimulationTest {
    private static final long MS = 1_000_000L;
    private static final long MEDIA_SSRC = 0xA1;
    private static final long RTX_SSRC = 0xA2;
    private static final int PT = 96;
    private static final int RTX_PT = 97;
    private static final int CHUNK = 1100;

    /** Test payload format: byte 0 bit 0 = frame start, bit 1 = keyframe; bytes 1-4 the frame index. */
    static final PayloadInspector INSPECTOR = new PayloadInspector() {
        @Override
        public boolean isFrameStart(byte[] p, int off, int len) {
            return len > 0 && (p[off] & 1) != 0;
        }

        @Override
        public boolean isKeyframe(byte[] p, int off, int len) {
            return len > 0 && (p[off] & 2) != 0;
        }
    };

    record Result(int framesSent, List<Integer> delivered, int keyframeRequests, long nacksSent, long rtxSent,
            Set<Integer> framesWithALostOriginal, List<Integer> keyframes, int plisReceived, int newFirsReceived,
            int repeatedFirsReceived) {}

    private record Datagram(long at, long order, boolean toReceiver, byte[] bytes) {}

    static final class Link {
        final Random random;
        final double loss;
        final long baseDelay;
        final long jitter;
        long blackoutFrom = -1;
        long blackoutTo = -1;
        long order;
        final PriorityQueue<Datagram> queue = new PriorityQueue<>(
                (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));

        Link(long seed, double loss, long baseDelay, long jitter) {
            this.random = new Random(seed);
            this.loss = loss;
            this.baseDelay = baseDelay;
            this.jitter = jitter;
        }

        /** Returns false if the datagram is lost. */
        boolean send(long now, boolean toReceiver, byte[] b, int len) {
            boolean lost = random.nextDouble() < loss || (now >= blackoutFrom && now < blackoutTo);
            long delay = baseDelay + (long) (random.nextDouble() * jitter);
            if (!lost) {
                queue.add(new Datagram(now + delay, order++, toReceiver, Arrays.copyOf(b, len)));
            }
            return !lost;
        }
    }

    static byte[] frameContent(int index, boolean key) {
        Random r = new Random(index * 7919L);
        int size = key ? 24_000 : 2_000 + r.nextInt(5_000);
        byte[] f = new byte[size];
        r.nextBytes(f);
        return f;
    }

    static Result run(long seed, double loss, long maxDelayNanos, boolean nackEnabled, int seconds, long blackoutFrom,
            long blackoutTo) throws MalformedPacketException {
        return run(seed, loss, maxDelayNanos, nackEnabled, seconds, blackoutFrom, blackoutTo, false);
    }

    /** @param fir whether FIR was negotiated: keyframe requests are then FIRs (RFC 5104), else PLIs */
    static Result run(long seed, double loss, long maxDelayNanos, boolean nackEnabled, int seconds, long blackoutFrom,
            long blackoutTo, boolean fir) throws MalformedPacketException {
        Link link = new Link(seed, loss, 40 * MS, 30 * MS); // 40-70 ms one way: reordering within a frame
        link.blackoutFrom = blackoutFrom;
        link.blackoutTo = blackoutTo;
        long rtt = 110 * MS;
        RtpPacketWriter writer = new RtpPacketWriter();
        RtpPacket view = new RtpPacket();
        PacketHistory history = new PacketHistory(2048, 1300, 2_000 * MS);
        ReceiveStream stream = new ReceiveStream(MEDIA_SSRC, 90_000);
        NackGenerator nacks = new NackGenerator(512, 10, maxDelayNanos, 20 * MS, 1.5, 35 * MS);
        JitterBuffer jb = new JitterBuffer(1024, 1200, maxDelayNanos, 300 * MS, INSPECTOR);
        byte[] pkt = new byte[1500];
        byte[] rtx = new byte[1500];
        byte[] restored = new byte[1500];
        int[] lostSeqs = new int[256];
        List<byte[]> sentFrames = new ArrayList<>();
        List<Integer> keyframes = new ArrayList<>();
        Set<Integer> framesWithLoss = new HashSet<>();
        List<Integer> seqToFrame = new ArrayList<>();
        List<Integer> delivered = new ArrayList<>();
        boolean keyframeWanted = true;
        int seq = 0;
        int rtxSeq = 0;
        long nacksSent = 0;
        long rtxSent = 0;
        int keyframeRequests = 0;
        KeyframeRequester requester = new KeyframeRequester(0xB1, MEDIA_SSRC, fir);
        int plisReceived = 0;
        int newFirs = 0;
        int repeatedFirs = 0;
        int lastFirSequence = -1;
        long end = seconds * 1000L * MS;
        long drainEnd = end + 3_000 * MS;
        for (long now = 0; now < drainEnd; now += MS) {
            // Sender: a frame every 1/30 s until the end.
            int frameIndex = sentFrames.size();
            if (now < end && now >= frameIndex * 1000L * MS / 30) {
                boolean key = keyframeWanted;
                keyframeWanted = false;
                byte[] content = frameContent(frameIndex, key);
                sentFrames.add(content);
                if (key) {
                    keyframes.add(frameIndex);
                }
                long ts = frameIndex * 3000L;
                for (int off = 0; off < content.length; off += CHUNK) {
                    int n = Math.min(CHUNK, content.length - off);
                    boolean last = off + n == content.length;
                    writer.start(pkt, 0, pkt.length).payloadType(PT).sequenceNumber(seq).timestamp(ts)
                            .ssrc(MEDIA_SSRC).marker(last);
                    int at = writer.writeHeader();
                    pkt[at] = (byte) ((off == 0 ? 1 : 0) | (key ? 2 : 0));
                    pkt[at + 1] = (byte) (frameIndex >>> 24);
                    pkt[at + 2] = (byte) (frameIndex >>> 16);
                    pkt[at + 3] = (byte) (frameIndex >>> 8);
                    pkt[at + 4] = (byte) frameIndex;
                    System.arraycopy(content, off, pkt, at + 5, n);
                    int len = writer.finish(n + 5, 0);
                    history.store(now, seq, pkt, 0, len);
                    seqToFrame.add(frameIndex);
                    if (!link.send(now, true, pkt, len)) {
                        framesWithLoss.add(frameIndex);
                    }
                    seq = (seq + 1) & 0xFFFF;
                }
            }
            // Deliveries due now.
            while (!link.queue.isEmpty() && link.queue.peek().at <= now) {
                Datagram d = link.queue.poll();
                if (d.toReceiver) {
                    view.wrap(d.bytes, 0, d.bytes.length);
                    boolean retransmitted = view.ssrc() == RTX_SSRC;
                    if (retransmitted) {
                        int n = Rtx.unwrap(view, MEDIA_SSRC, PT, restored, 0);
                        view.wrap(restored, 0, n);
                    }
                    long ext = stream.onPacket(now, view.sequenceNumber(), view.timestamp(), view.payloadLength(),
                            view.headerLength(), retransmitted);
                    if (ext < 0) {
                        continue;
                    }
                    nacks.onPacket(now, ext);
                    jb.insert(now, ext, view.timestamp(), view.marker(), view.buffer(), view.payloadOffset(),
                            view.payloadLength());
                } else {
                    for (RtcpPacket p : RtcpCompound.parse(d.bytes)) {
                        if (p instanceof GenericNack nack) {
                            for (int lost : nack.lostSequenceNumbers()) {
                                int n = history.take(now, lost, rtt);
                                if (n < 0) {
                                    continue;
                                }
                                view.wrap(history.buffer(lost), 0, n);
                                int len = Rtx.wrap(view, RTX_SSRC, RTX_PT, rtxSeq, rtx, 0);
                                rtxSeq = (rtxSeq + 1) & 0xFFFF;
                                rtxSent++;
                                link.send(now, true, rtx, len);
                            }
                        } else if (p instanceof PictureLossIndication) {
                            plisReceived++;
                            keyframeWanted = true;
                        } else if (p instanceof FullIntraRequest firPacket) {
                            // RFC 5104 4.3.1.2: a repeat (same sequence number) asks for nothing new.
                            int sequence = firPacket.entries().get(0).sequenceNumber();
                            if (sequence != lastFirSequence) {
                                newFirs++;
                                lastFirSequence = sequence;
                                keyframeWanted = true;
                            } else {
                                repeatedFirs++;
                            }
                        }
                    }
                }
            }
            // Receiver: frames, keyframe requests, NACKs.
            for (JitterBuffer.Frame f; (f = jb.pollFrame(now)) != null; ) {
                byte[] p0 = f.payload(0);
                int index = ((p0[1] & 0xFF) << 24) | ((p0[2] & 0xFF) << 16) | ((p0[3] & 0xFF) << 8) | (p0[4] & 0xFF);
                byte[] content = new byte[f.sizeBytes() - 5 * f.packetCount()];
                int at = 0;
                for (int i = 0; i < f.packetCount(); i++) {
                    System.arraycopy(f.payload(i), 5, content, at, f.payloadLength(i) - 5);
                    at += f.payloadLength(i) - 5;
                }
                assertArrayEquals(sentFrames.get(index), content, "frame " + index);
                assertEquals(keyframes.contains(index), f.isKeyframe());
                if (f.isKeyframe()) {
                    requester.onKeyframeReceived();
                }
                delivered.add(index);
            }
            if (jb.pollKeyframeRequest()) {
                if (now < end) { // after the end a lost last packet can no longer be detected: no successor
                    keyframeRequests++;
                }
                byte[] request = RtcpCompound.toBytes(List.of(requester.request()));
                link.send(now, false, request, request.length);
            }
            nacks.forgetBelow(jb.oldestWantedSequence());
            if (nackEnabled) {
                int n = nacks.poll(now, rtt, lostSeqs);
                if (n > 0) {
                    nacksSent += n;
                    byte[] fb = RtcpCompound.toBytes(List.of(GenericNack.of(0xB1, MEDIA_SSRC, lostSeqs, n)));
                    link.send(now, false, fb, fb.length);
                }
            }
        }
        return new Result(sentFrames.size(), delivered, keyframeRequests, nacksSent, rtxSent, framesWithLoss,
                keyframes, plisReceived, newFirs, repeatedFirs);
    }

    private static void assertInOrder(List<Integer> delivered) {
        for (int i = 1; i < delivered.size(); i++) {
            assertTrue(delivered.get(i) > delivered.get(i - 1), "out of order at " + i);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noLossDeliversEveryFrameWithoutRecovery() throws MalformedPacketException {
        Result r = run(1, 0.0, 1_000 * MS, true, 20, -1, -1);
        assertEquals(600, r.framesSent());
        assertEquals(r.framesSent(), r.delivered().size());
        assertInOrder(r.delivered());
        assertEquals(0, r.keyframeRequests());
        assertEquals(0, r.nacksSent());
        assertEquals(List.of(0), r.keyframes());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fivePercentLossIsRecoveredByNackAndRtx() throws MalformedPacketException {
        Result r = run(2, 0.05, 1_000 * MS, true, 20, -1, -1);
        assertTrue(r.framesWithALostOriginal().size() > 50, "the link must actually lose packets");
        assertEquals(r.framesSent(), r.delivered().size(), "every frame delivered");
        assertInOrder(r.delivered());
        assertEquals(0, r.keyframeRequests());
        assertTrue(r.rtxSent() > 100);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twentyPercentLossIsRecoveredWithinTheWindow() throws MalformedPacketException {
        Result r = run(3, 0.20, 1_500 * MS, true, 20, -1, -1);
        assertTrue(r.framesWithALostOriginal().size() > 250);
        // The stream's very last packet, if lost, has no successor to reveal the gap; every frame before it is
        // delivered.
        assertTrue(r.delivered().size() >= r.framesSent() - 1, "delivered " + r.delivered().size());
        for (int f = 0; f < r.framesSent() - 1; f++) {
            assertTrue(r.delivered().contains(f), "frame " + f);
        }
        assertInOrder(r.delivered());
        assertEquals(0, r.keyframeRequests());
        assertEquals(List.of(0), r.keyframes());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withoutARecoveryWindowKeyframesAreRequestedOnlyAfterLoss() throws MalformedPacketException {
        // NACK off: a lost packet cannot come back, so its frame and those depending on it are given up.
        Result r = run(4, 0.01, 200 * MS, false, 20, -1, -1);
        assertInOrder(r.delivered());
        assertTrue(r.keyframeRequests() > 0);
        assertTrue(r.keyframes().size() > 1, "the sender answered PLIs with keyframes");
        Set<Integer> delivered = new HashSet<>(r.delivered());
        int lastKey = -1;
        boolean chainBroken = false;
        for (int f = 0; f < r.framesSent(); f++) {
            if (r.keyframes().contains(f)) {
                lastKey = f;
                chainBroken = false;
            }
            if (!delivered.contains(f)) {
                // Missing only if it lost a packet, or an earlier frame since the last keyframe did.
                assertTrue(chainBroken || r.framesWithALostOriginal().contains(f), "frame " + f + " dropped");
                chainBroken = true;
            } else {
                assertTrue(!chainBroken, "frame " + f + " delivered after a gap without a keyframe (last " + lastKey
                        + ")");
            }
        }
        assertTrue(r.delivered().size() > r.framesSent() / 3, "video keeps flowing: " + r.delivered().size());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBlackoutLongerThanTheWindowEndsWithOneKeyframeRequestAndRecovery() throws MalformedPacketException {
        Result r = run(5, 0.0, 500 * MS, true, 10, 3_000 * MS, 5_000 * MS);
        assertBlackoutRecovered(r);
        assertEquals(r.keyframeRequests(), r.plisReceived(), "PLIs when FIR is not negotiated");
        assertEquals(0, r.newFirsReceived() + r.repeatedFirsReceived());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withFirNegotiatedTheBlackoutIsEndedByAFir() throws MalformedPacketException {
        Result r = run(5, 0.0, 500 * MS, true, 10, 3_000 * MS, 5_000 * MS, true);
        assertBlackoutRecovered(r);
        assertEquals(0, r.plisReceived());
        // Requests during the blackout are lost; the first that arrives is a new FIR, the sender answers it once.
        assertEquals(1, r.newFirsReceived(), "one new FIR, repeats " + r.repeatedFirsReceived());
    }

    private static void assertBlackoutRecovered(Result r) {
        assertInOrder(r.delivered());
        assertTrue(r.keyframeRequests() >= 1 && r.keyframeRequests() <= 3, "requests " + r.keyframeRequests());
        int lastSent = r.framesSent() - 1;
        assertEquals(lastSent, r.delivered().get(r.delivered().size() - 1));
        // Everything from the first keyframe after the blackout on is delivered.
        int resume = r.keyframes().get(1);
        assertTrue(resume >= 150, "resumed at " + resume);
        for (int f = resume; f <= lastSent; f++) {
            assertTrue(r.delivered().contains(f), "frame " + f);
        }
        for (int f = 0; f < 90; f++) {
            assertTrue(r.delivered().contains(f), "frame " + f + " before the blackout");
        }
    }
}

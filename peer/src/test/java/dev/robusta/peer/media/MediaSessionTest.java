package dev.robusta.peer.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.dtls.PacketKind;
import dev.robusta.dtls.srtp.SrtpKeys;
import dev.robusta.dtls.srtp.SrtpProfile;
import dev.robusta.dtls.srtp.SrtpSession;
import dev.robusta.rtp.packet.HeaderExtensionMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Two media sessions with mirrored SRTP keys over a seeded simulated link in virtual time: frames out of one
 * arrive whole, in order and byte for byte at the other, through loss (NACK and RTX), and the RTCP between them
 * carries key-frame requests; bad input is counted and dropped.
 */
@org.junit.jupiter.api.Timeout(60)
class MediaSessionTest {
    private static final long MS = 1_000_000L;
    private static final long VIDEO_SSRC = 0x1111;
    private static final long RTX_SSRC = 0x2222;
    private static final long AUDIO_SSRC = 0x3333;

    /** A one-way link per direction: loss, a fixed delay plus jitter (hence reordering), seeded. */
    private static final class Link {
        record Datagram(long at, long order, boolean toB, byte[] bytes) {}

        final Random random;
        final double loss;
        final long delay;
        final long jitter;
        final PriorityQueue<Datagram> queue = new PriorityQueue<>(
                (x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.order, y.order));
        long order;

        Link(long seed, double loss, long delay, long jitter) {
            this.random = new Random(seed);
            this.loss = loss;
            this.delay = delay;
            this.jitter = jitter;
        }

        /** Losses start at this time (a stream's first packet cannot be NACKed: tested on its own). */
        long lossFrom = 100 * MS;
        /** Drops the first datagram toward a. */
        boolean dropFirstToA;

        void send(long now, boolean toB, ByteBuffer b) {
            if (!toB && dropFirstToA) {
                dropFirstToA = false;
                return;
            }
            if (now >= lossFrom && random.nextDouble() < loss) {
                return;
            }
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            queue.add(new Datagram(now + delay + (long) (random.nextDouble() * jitter), order++, toB, copy));
        }
    }

    /** Two sessions, a link, and the frames each has received. */
    private static final class Pair {
        final MediaSession a;
        final MediaSession b;
        final SrtpSession asA;
        final SrtpSession asB;
        final Link link;
        final List<MediaEvent> eventsA = new ArrayList<>();
        final List<MediaEvent> eventsB = new ArrayList<>();
        long now;

        Pair(SrtpProfile profile, Link link) {
            Random r = new Random(7);
            byte[] keyA = new byte[profile.masterKeyLength()];
            byte[] saltA = new byte[profile.masterSaltLength()];
            byte[] keyB = new byte[profile.masterKeyLength()];
            byte[] saltB = new byte[profile.masterSaltLength()];
            r.nextBytes(keyA);
            r.nextBytes(saltA);
            r.nextBytes(keyB);
            r.nextBytes(saltB);
            a = new MediaSession(new SrtpSession(new SrtpKeys(profile, keyA, saltA, keyB, saltB)), "a", new Random(1),
                    0);
            // What a holds, outside a: to write packets b must take as a's (padding, FIR) that a never sends.
            asA = new SrtpSession(new SrtpKeys(profile, keyA, saltA, keyB, saltB));
            asB = new SrtpSession(new SrtpKeys(profile, keyB, saltB, keyA, saltA));
            b = new MediaSession(new SrtpSession(new SrtpKeys(profile, keyB, saltB, keyA, saltA)), "b", new Random(2),
                    0);
            this.link = link;
        }

        /** Runs both sessions and the link until {@code until}. */
        void runUntil(long until) {
            int stalled = 0;
            while (true) {
                drain();
                long next = Math.min(Math.min(a.pollDeadline(), b.pollDeadline()),
                        link.queue.isEmpty() ? Long.MAX_VALUE : link.queue.peek().at());
                if (next > until) {
                    now = until;
                    return;
                }
                // A deadline that handleTimeout does not move would spin here for ever.
                stalled = next <= now ? stalled + 1 : 0;
                if (stalled > 1000) {
                    throw new AssertionError("stuck at " + now + ": a deadline " + a.pollDeadline() + ", b deadline "
                            + b.pollDeadline() + " (" + b.debugDeadlines() + ")");
                }
                now = Math.max(now, next);
                while (!link.queue.isEmpty() && link.queue.peek().at() <= now) {
                    Link.Datagram d = link.queue.poll();
                    MediaSession to = d.toB() ? b : a;
                    if (PacketKind.of(d.bytes(), 0, d.bytes().length) == PacketKind.RTCP) {
                        to.handleRtcp(now, d.bytes(), 0, d.bytes().length);
                    } else {
                        to.handleRtp(now, d.bytes(), 0, d.bytes().length);
                    }
                }
                if (a.pollDeadline() <= now) {
                    a.handleTimeout(now);
                }
                if (b.pollDeadline() <= now) {
                    b.handleTimeout(now);
                }
            }
        }

        /** The transport-wide sequence number of every RTP packet a sent (media and RTX). */
        final List<Integer> transportSequencesFromA = new ArrayList<>();

        void drain() {
            ByteBuffer t;
            while ((t = a.pollTransmit()) != null) {
                noteTransportSequence(t);
                link.send(now, true, t);
            }
            while ((t = b.pollTransmit()) != null) {
                link.send(now, false, t);
            }
            MediaEvent e;
            while ((e = a.pollEvent()) != null) {
                eventsA.add(e);
            }
            while ((e = b.pollEvent()) != null) {
                eventsB.add(e);
            }
        }

        private void noteTransportSequence(ByteBuffer t) {
            byte[] d = new byte[t.remaining()];
            t.duplicate().get(d);
            if (PacketKind.of(d, 0, d.length) != PacketKind.RTP) {
                return;
            }
            d[0] &= (byte) ~0x20; // padding, if any, is in the encrypted tail
            try {
                dev.robusta.rtp.packet.RtpPacket rtp = new dev.robusta.rtp.packet.RtpPacket().wrap(d, 0, d.length);
                int seq = dev.robusta.rtp.packet.HeaderExtensions.transportSequenceNumber(rtp, extensions());
                if (seq >= 0) {
                    transportSequencesFromA.add(seq);
                }
            } catch (dev.robusta.rtp.MalformedPacketException e) {
                throw new AssertionError(e);
            }
        }

        List<MediaEvent.FrameReceived> framesAtB() {
            return eventsB.stream().filter(e -> e instanceof MediaEvent.FrameReceived)
                    .map(e -> (MediaEvent.FrameReceived) e).toList();
        }
    }

    static HeaderExtensionMap extensions() {
        return new HeaderExtensionMap().register(4, HeaderExtensionMap.MID)
                .register(2, HeaderExtensionMap.ABS_SEND_TIME).register(3, HeaderExtensionMap.TRANSPORT_WIDE_CC);
    }

    /** A frame the VP8 depayloader reads as key or inter frame (bit 0 of its first byte); the rest is random. */
    static byte[] vp8Frame(int index, boolean key) {
        Random r = new Random(index * 31L + 5);
        byte[] f = new byte[key ? 9_000 : 800 + r.nextInt(3_000)];
        r.nextBytes(f);
        f[0] = (byte) (key ? f[0] & ~1 : f[0] | 1);
        return f;
    }

    /**
     * Sends 30 fps VP8 for {@code seconds} from a to b, then goes on for a second, as a live stream does (a lost
     * last packet only shows as a gap once a later one arrives); returns the frames of the first {@code seconds}.
     */
    static List<byte[]> sendVideo(Pair p, int seconds) {
        RtpCodec vp8 = RtpCodec.vp8(96, 97);
        p.a.addSender(new SendParameters("0", VIDEO_SSRC, RTX_SSRC, vp8, extensions()));
        p.b.addReceiver(new ReceiveParameters("0", List.of(vp8), extensions(), -1, -1));
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < (seconds + 1) * 30; i++) {
            byte[] f = vp8Frame(i, i == 0);
            if (i < seconds * 30) {
                sent.add(f);
            }
            p.runUntil(i * 1000L * MS / 30);
            p.a.sendFrame(p.now, VIDEO_SSRC, f, 0, f.length, i * 3000L);
        }
        p.runUntil(p.now + 1_000 * MS);
        return sent;
    }

    @ParameterizedTest(name = "{0} loss, {1}, seed {2}")
    @CsvSource({"0.0, AEAD_AES_128_GCM, 1", "0.05, AEAD_AES_128_GCM, 2", "0.05, AES128_CM_HMAC_SHA1_80, 3",
            "0.20, AEAD_AES_128_GCM, 28", "0.20, AEAD_AES_128_GCM, 128", "0.20, AES128_CM_HMAC_SHA1_80, 6",
            "0.20, AES128_CM_HMAC_SHA1_32, 7"})
    void everyVideoFrameArrivesWholeThroughLoss(double loss, SrtpProfile profile, long seed) {
        Pair p = new Pair(profile, new Link(seed, loss, 10 * MS, 5 * MS));
        List<byte[]> sent = sendVideo(p, 4);
        List<MediaEvent.FrameReceived> got = p.framesAtB();
        assertTrue(got.size() >= sent.size(), got.size() + " frames at b; " + p.b.counters());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), got.get(i).data(), "frame " + i);
            assertEquals(i * 3000L, got.get(i).timestamp());
            assertEquals(i == 0, got.get(i).keyframe(), "frame " + i + " keyframe flag");
            assertEquals("0", got.get(i).mid());
            assertEquals(VIDEO_SSRC, got.get(i).ssrc());
        }
        // Media and RTX packets alike carry their own transport-wide sequence number, none repeated or skipped.
        List<Integer> twcc = p.transportSequencesFromA;
        assertEquals(twcc.size(), new java.util.HashSet<>(twcc).size(), "no transport sequence number twice");
        for (int i = 1; i < twcc.size(); i++) {
            assertEquals((twcc.get(i - 1) + 1) & 0xFFFF, (int) twcc.get(i), "transport sequence numbers in order");
        }
        if (loss > 0) {
            assertTrue(p.a.retransmissionsSent() > 0, "NACKs were answered");
            assertTrue(p.b.counters().rtxReceived() > 0, "RTX restored packets: " + p.b.counters());
        } else {
            assertEquals(0, p.a.retransmissionsSent());
        }
        assertEquals(0, p.b.counters().srtpFailures());
        assertEquals(0, p.b.counters().malformed());
    }

    /** A plain RTP packet with a MID extension (id 4, as {@link #extensions()}), not SRTP-protected. */
    static byte[] midPacket(int ssrc, String mid, int payloadType) {
        byte[] out = new byte[200];
        int n = new dev.robusta.rtp.packet.RtpPacketWriter().start(out, 0, out.length).payloadType(payloadType)
                .sequenceNumber(1).timestamp(1).ssrc(ssrc & 0xFFFF_FFFFL).addExtensionText(4, mid)
                .write(new byte[50], 0, 50);
        return Arrays.copyOf(out, n + 16);
    }

    /** An Annex-B access unit: SPS, PPS and IDR for a key frame, one non-IDR slice otherwise; no zero bytes. */
    static byte[] h264AccessUnit(int index, boolean key) {
        Random r = new Random(index * 17L + 3);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int[][] nals = key ? new int[][] {{0x67, 12}, {0x68, 4}, {0x65, 7_000}} : new int[][] {{0x41, 600 + r.nextInt(4_000)}};
        for (int[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1, (byte) nal[0]});
            for (int i = 0; i < nal[1]; i++) {
                out.write(1 + r.nextInt(255));
            }
        }
        return out.toByteArray();
    }

    @Test
    void h264BothWaysAtOnceThroughLoss() {
        Pair p = new Pair(SrtpProfile.AEAD_AES_128_GCM, new Link(17, 0.05, 15 * MS, 10 * MS));
        RtpCodec h264 = RtpCodec.h264(102, 103);
        p.a.addSender(new SendParameters("0", VIDEO_SSRC, RTX_SSRC, h264, extensions()));
        p.b.addReceiver(new ReceiveParameters("0", List.of(h264), extensions(), -1, -1));
        p.b.addSender(new SendParameters("0", 0x5555, 0x6666, h264, extensions()));
        p.a.addReceiver(new ReceiveParameters("0", List.of(h264), extensions(), 0x5555, 0x6666));
        List<byte[]> fromA = new ArrayList<>();
        List<byte[]> fromB = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            p.runUntil(i * 1000L * MS / 30);
            byte[] f = h264AccessUnit(i, i == 0);
            byte[] g = h264AccessUnit(10_000 + i, i == 0);
            p.a.sendFrame(p.now, VIDEO_SSRC, f, 0, f.length, i * 3000L);
            p.b.sendFrame(p.now, 0x5555, g, 0, g.length, i * 3000L);
            if (i < 90) {
                fromA.add(f);
                fromB.add(g);
            }
        }
        p.runUntil(p.now + 1_000 * MS);
        List<MediaEvent.FrameReceived> atB = p.framesAtB();
        List<MediaEvent.FrameReceived> atA = p.eventsA.stream().filter(e -> e instanceof MediaEvent.FrameReceived)
                .map(e -> (MediaEvent.FrameReceived) e).toList();
        for (int i = 0; i < fromA.size(); i++) {
            assertArrayEquals(fromA.get(i), atB.get(i).data(), "a->b frame " + i);
            assertArrayEquals(fromB.get(i), atA.get(i).data(), "b->a frame " + i);
        }
        assertTrue(atB.get(0).keyframe() && !atB.get(1).keyframe());
        assertTrue(p.a.retransmissionsSent() > 0 && p.b.retransmissionsSent() > 0, "both sides answered NACKs");
    }

    /**
     * The first packet of an H.264 stream (its SPS and PPS) is lost, which no NACK can recover: the IDR frame
     * without them is held back with what follows, a key frame is asked for, and the stream starts at the
     * sender's next key frame.
     */
    @Test
    void h264WithoutItsParameterSetsWaitsForTheNextKeyFrame() {
        Link link = new Link(19, 0, 10 * MS, 0);
        link.dropFirstToA = true;
        Pair p = new Pair(SrtpProfile.AEAD_AES_128_GCM, link);
        RtpCodec h264 = RtpCodec.h264(102, 103);
        p.b.addSender(new SendParameters("0", 0x5555, 0x6666, h264, extensions()));
        p.a.addReceiver(new ReceiveParameters("0", List.of(h264), extensions(), -1, -1));
        List<byte[]> sent = new ArrayList<>();
        int rekeyedAt = -1;
        for (int i = 0; i < 60; i++) {
            p.runUntil(i * 1000L * MS / 30);
            boolean requested = p.eventsB.stream().anyMatch(e -> e instanceof MediaEvent.KeyframeRequested);
            boolean key = i == 0 || (requested && rekeyedAt < 0);
            if (key && i > 0) {
                rekeyedAt = i;
            }
            byte[] f = h264AccessUnit(i, key);
            sent.add(f);
            p.b.sendFrame(p.now, 0x5555, f, 0, f.length, i * 3000L);
        }
        p.runUntil(p.now + 500 * MS);
        assertTrue(rekeyedAt > 0, "a key frame was asked for");
        assertTrue(p.a.counters().framesHeldBack() > 0, p.a.counters().toString());
        List<MediaEvent.FrameReceived> got = p.eventsA.stream().filter(e -> e instanceof MediaEvent.FrameReceived)
                .map(e -> (MediaEvent.FrameReceived) e).toList();
        assertEquals(60 - rekeyedAt, got.size(), "frames from the new key frame on");
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(sent.get(rekeyedAt + i), got.get(i).data());
        }
    }

    /**
     * Forged packets that carry a receiver's MID before its real source has sent anything fail SRTP and claim
     * nothing: the real stream is bound when it comes.
     */
    @Test
    void forgedPacketsCannotClaimAReceiver() {
        Pair p = new Pair(SrtpProfile.AEAD_AES_128_GCM, new Link(23, 0, 10 * MS, 0));
        RtpCodec vp8 = RtpCodec.vp8(96, 97);
        p.b.addReceiver(new ReceiveParameters("0", List.of(vp8), extensions(), -1, -1));
        Random r = new Random(3);
        for (int i = 0; i < 100; i++) {
            byte[] forged = midPacket(r.nextInt(), "0", i % 2 == 0 ? 96 : 97);
            p.b.handleRtp(0, forged, 0, forged.length);
        }
        assertTrue(p.b.counters().srtpFailures() + p.b.counters().unroutable() == 100, p.b.counters().toString());
        p.a.addSender(new SendParameters("0", VIDEO_SSRC, RTX_SSRC, vp8, extensions()));
        byte[] f = vp8Frame(0, true);
        p.a.sendFrame(0, VIDEO_SSRC, f, 0, f.length, 0);
        p.runUntil(100 * MS);
        assertEquals(1, p.framesAtB().size(), p.b.counters().toString());
        assertArrayEquals(f, p.framesAtB().get(0).data());
    }

    /** A padded packet (RTP padding lives in the encrypted tail) and a padding-only one from a's source. */
    @Test
    void paddedAndPaddingOnlyPacketsAreTaken() throws Exception {
        Pair p = new Pair(SrtpProfile.AEAD_AES_128_GCM, new Link(29, 0, 10 * MS, 0));
        p.b.addReceiver(new ReceiveParameters("0", List.of(RtpCodec.vp8(96, 97)), extensions(), -1, -1));
        byte[] frame = {0x10, 0x00, 1, 2, 3}; // VP8 descriptor (S=1), then a key frame's first bytes
        for (int seq = 0; seq < 2; seq++) {
            byte[] out = new byte[200];
            dev.robusta.rtp.packet.RtpPacketWriter w = new dev.robusta.rtp.packet.RtpPacketWriter()
                    .start(out, 0, out.length).payloadType(96).sequenceNumber(seq).timestamp(seq * 3000L)
                    .ssrc(VIDEO_SSRC).marker(true).addExtensionText(4, "0");
            int at = w.writeHeader();
            int n;
            if (seq == 0) {
                System.arraycopy(frame, 0, out, at, frame.length);
                n = w.finish(frame.length, 7);
            } else {
                n = w.finish(0, 4); // padding only
            }
            n = p.asA.protectRtp(out, 0, n);
            p.b.handleRtp(0, out, 0, n);
        }
        p.runUntil(100 * MS);
        assertEquals(0, p.b.counters().malformed(), p.b.counters().toString());
        assertEquals(1, p.b.counters().paddingOnly());
        assertEquals(1, p.framesAtB().size());
        assertArrayEquals(new byte[] {0x00, 1, 2, 3}, p.framesAtB().get(0).data());
    }

    /** A FIR naming our source many times is one key-frame request. */
    @Test
    void aFirWithRepeatedEntriesIsOneRequest() throws Exception {
        Pair p = new Pair(SrtpProfile.AEAD_AES_128_GCM, new Link(31, 0, 10 * MS, 0));
        p.b.addSender(new SendParameters("0", 0x5555, -1, RtpCodec.vp8(96, -1), extensions()));
        List<dev.robusta.rtp.rtcp.FullIntraRequest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add(new dev.robusta.rtp.rtcp.FullIntraRequest.Entry(0x5555, i));
        }
        byte[] fir = dev.robusta.rtp.rtcp.RtcpCompound.toBytes(List.of(
                new dev.robusta.rtp.rtcp.FullIntraRequest(0x9999, 0, entries)));
        byte[] out = Arrays.copyOf(fir, fir.length + 64);
        int n = p.asA.protectRtcp(out, 0, fir.length);
        p.b.handleRtcp(0, out, 0, n);
        p.drain();
        assertEquals(List.of(new MediaEvent.KeyframeRequested("0", 0x5555)), p.eventsB);
    }

    /** A peer that NACKs every packet of the history every 20 ms gets at most the retransmission budget. */
    @Test
    void aNackStormIsAnsweredWithinABudget() throws Exception {
        Pair p = new Pair(SrtpProfile.AEAD_AES_128_GCM, new Link(37, 0, 10 * MS, 0));
        p.a.addSender(new SendParameters("0", VIDEO_SSRC, RTX_SSRC, RtpCodec.vp8(96, 97), extensions()));
        for (int i = 0; i < 30; i++) { // 30 key-frame-sized frames: about 240 packets kept, nothing on the link
            byte[] f = vp8Frame(i, true);
            p.a.sendFrame(i * 33 * MS, VIDEO_SSRC, f, 0, f.length, i * 3000L);
            while (p.a.pollTransmit() != null) {
                // dropped: only the history matters here
            }
        }
        int[] all = new int[0x10000];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        long start = 1_000 * MS;
        long now = start;
        long bytesOut = 0;
        for (int round = 0; round < 50; round++) { // one second of NACKs for everything
            byte[] nack = dev.robusta.rtp.rtcp.RtcpCompound.toBytes(List.of(
                    dev.robusta.rtp.rtcp.GenericNack.of(0x9999, VIDEO_SSRC, all, all.length)));
            byte[] out = Arrays.copyOf(nack, nack.length + 64);
            int n = p.asB.protectRtcp(out, 0, nack.length);
            p.a.handleRtcp(now, out, 0, n);
            ByteBuffer t;
            while ((t = p.a.pollTransmit()) != null) {
                bytesOut += t.remaining();
            }
            now += 20 * MS;
        }
        long resent = p.a.retransmissionsSent();
        assertTrue(resent > 200, "NACKs are answered: " + resent);
        assertTrue(p.a.retransmissionsOverBudget() > 0, "the storm ran into the budget");
        // 256 KiB of burst plus 1.25 MB/s over the second.
        assertTrue(bytesOut <= 256 * 1024 + 1_250_000 * (now - start) / 1_000_000_000L,
                bytesOut + " bytes out for " + resent + " retransmissions");
    }

    /**
     * The sender's sequence numbers jump forward (RFC 3550 A.1: the first packet after the jump is held as a
     * suspect, the next confirms it): frames go on from the next key frame. (A jump backward past half the
     * sequence space cannot happen under SRTP: the index estimate reads it as old and SRTP refuses it.)
     */
    @Test
    void framesContinueAfterASequenceRestart() throws Exception {
        Pair p = new Pair(SrtpProfile.AEAD_AES_128_GCM, new Link(41, 0, 10 * MS, 0));
        p.b.addReceiver(new ReceiveParameters("0", List.of(RtpCodec.vp8(96, 97)), extensions(), -1, -1));
        int[] seqs = {100, 101, 102, 103, 20_000, 20_001, 20_002, 20_003};
        for (int i = 0; i < seqs.length; i++) {
            // Key frames at 0 and 5: after the jump the buffer starts over, at a key frame (4 is the suspect).
            byte[] frame = {0x10, (byte) (i == 0 || i == 5 ? 0x00 : 0x01), (byte) i};
            byte[] out = new byte[200];
            int n = new dev.robusta.rtp.packet.RtpPacketWriter().start(out, 0, out.length).payloadType(96)
                    .sequenceNumber(seqs[i]).timestamp(i * 3000L).ssrc(VIDEO_SSRC).marker(true)
                    .addExtensionText(4, "0").write(frame, 0, frame.length);
            n = p.asA.protectRtp(out, 0, n);
            p.b.handleRtp(i * 33 * MS, out, 0, n);
        }
        p.runUntil(500 * MS);
        List<MediaEvent.FrameReceived> got = p.framesAtB();
        // The first packet after the jump is held as a suspect (RFC 3550 A.1); the next confirms the restart.
        assertEquals(List.of(0, 1, 2, 3, 5, 6, 7), got.stream().map(f -> (int) f.data()[1]).toList(),
                p.b.counters().toString());
    }

    @Test
    void audioFramesArriveInOrderWithoutLoss() {
        Pair p = new Pair(SrtpProfile.AEAD_AES_128_GCM, new Link(3, 0, 10 * MS, 0));
        RtpCodec opus = RtpCodec.opus(111);
        HeaderExtensionMap ext = new HeaderExtensionMap().register(1, HeaderExtensionMap.MID);
        p.a.addSender(new SendParameters("1", AUDIO_SSRC, -1, opus, ext));
        p.b.addReceiver(new ReceiveParameters("1", List.of(opus), ext, -1, -1));
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] f = new byte[60 + i % 40];
            new Random(i).nextBytes(f);
            sent.add(f);
            p.runUntil(i * 20 * MS);
            p.a.sendFrame(p.now, AUDIO_SSRC, f, 0, f.length, i * 960L);
        }
        p.runUntil(p.now + 200 * MS);
        List<MediaEvent.FrameReceived> got = p.framesAtB();
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(sent.get(i), got.get(i).data());
            assertEquals("opus", got.get(i).codec().name());
        }
    }

    @Test
    void aKeyframeRequestReachesTheSender() {
        Pair p = new Pair(SrtpProfile.AEAD_AES_128_GCM, new Link(5, 0, 10 * MS, 0));
        sendVideo(p, 1);
        p.b.requestKeyframe("0");
        p.runUntil(p.now + 100 * MS);
        assertTrue(p.eventsA.contains(new MediaEvent.KeyframeRequested("0", VIDEO_SSRC)), p.eventsA.toString());
    }

    @Test
    void floodsOfUnknownSsrcsForgedPacketsAndUnnegotiatedPayloadTypesAreDropped() {
        Pair p = new Pair(SrtpProfile.AEAD_AES_128_GCM, new Link(9, 0, 10 * MS, 0));
        List<byte[]> sent = sendVideo(p, 1);
        Random r = new Random(1);
        // 10,000 packets from random SSRCs, no MID, a payload type nobody negotiated.
        for (int i = 0; i < 10_000; i++) {
            byte[] junk = new byte[100];
            r.nextBytes(junk);
            junk[0] = (byte) 0x80;
            junk[1] = 50;
            p.b.handleRtp(p.now, junk, 0, junk.length);
        }
        assertEquals(10_000, p.b.counters().unroutable());
        // 10,000 more that carry the receiver's MID and payload type: the receiver keeps its one source.
        for (int i = 0; i < 10_000; i++) {
            byte[] claim = midPacket(r.nextInt(), "0", 96);
            p.b.handleRtp(p.now, claim, 0, claim.length);
        }
        assertEquals(20_000, p.b.counters().unroutable());
        // Forged packets from the known source: SRTP refuses them.
        for (int i = 0; i < 100; i++) {
            byte[] forged = new byte[200];
            r.nextBytes(forged);
            forged[0] = (byte) 0x80;
            forged[1] = 96;
            forged[8] = 0;
            forged[9] = 0;
            forged[10] = 0x11;
            forged[11] = 0x11;
            p.b.handleRtp(p.now, forged, 0, forged.length);
        }
        assertEquals(100, p.b.counters().srtpFailures());
        byte[] tiny = {(byte) 0x80, 96, 0};
        p.b.handleRtp(p.now, tiny, 0, tiny.length);
        assertEquals(1, p.b.counters().malformed());
        // The stream carries on.
        byte[] more = vp8Frame(1000, false);
        p.a.sendFrame(p.now, VIDEO_SSRC, more, 0, more.length, 999_000L);
        p.runUntil(p.now + 500 * MS);
        List<MediaEvent.FrameReceived> got = p.framesAtB();
        assertEquals(60 + 1, got.size(), "the 2 s of frames sendVideo sent, and this one");
        assertArrayEquals(more, got.get(got.size() - 1).data());
    }
}

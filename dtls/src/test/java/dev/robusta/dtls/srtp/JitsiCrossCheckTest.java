package dev.robusta.dtls.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jitsi.srtp.SrtpContextFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Independent cross-check against jitsi-srtp (pure-Java path): over thousands of seeded random RTP and RTCP
 * packets per profile, on several SSRCs whose sequence numbers wrap, (1) our protected bytes equal jitsi's for
 * the same packets, (2) jitsi unprotects what we protect, (3) we unprotect what jitsi protects, both receivers
 * getting the packets slightly reordered.
 */
class JitsiCrossCheckTest {
    private static final int RTP_PACKETS = 3000;
    private static final int RTCP_PACKETS = 600;
    private static final int[] SSRCS = {0x1234_5678, 0xCAFE_BABE, 0x0000_0001};

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpBothWays(SrtpProfile profile) throws Exception {
        Random random = new Random(0x5EED_0000L + profile.ordinal());
        Setup s = new Setup(profile, random);
        List<byte[]> plain = new ArrayList<>();
        int[] seq = new int[SSRCS.length];
        for (int i = 0; i < SSRCS.length; i++) {
            seq[i] = 0xFFFF - 400 - 300 * i; // every stream wraps within the run
        }
        for (int n = 0; n < RTP_PACKETS; n++) {
            int stream = random.nextInt(SSRCS.length);
            plain.add(randomRtp(random, SSRCS[stream], seq[stream]));
            seq[stream] = (seq[stream] + 1) & 0xFFFF;
        }
        List<byte[]> ours = new ArrayList<>();
        List<byte[]> theirs = new ArrayList<>();
        JitsiSrtp.Buffer jb = new JitsiSrtp.Buffer(new byte[0], 0, 0);
        for (byte[] p : plain) {
            byte[] a = Arrays.copyOf(p, p.length + 64);
            int len = s.ours.protectRtp(a, 0, p.length);
            ours.add(Arrays.copyOf(a, len));

            byte[] b = Arrays.copyOf(p, p.length + 64);
            jb.reset(b, 0, p.length);
            JitsiSrtp.check(s.jitsiSender.rtp(ssrc(p, 8)).transformPacket(jb), "protect");
            theirs.add(Arrays.copyOf(b, jb.getLength()));
            assertArrayEquals(theirs.get(theirs.size() - 1), ours.get(ours.size() - 1),
                    profile + ": our SRTP bytes differ from jitsi-srtp's for packet " + (ours.size() - 1));
        }

        List<Integer> order = reordered(plain.size(), random);
        for (int i : order) {
            byte[] srtp = ours.get(i).clone();
            jb.reset(srtp, 0, srtp.length);
            JitsiSrtp.check(s.jitsiReceiver.rtp(ssrc(srtp, 8)).reverseTransformPacket(jb, false),
                    "unprotect of our packet " + i);
            assertArrayEquals(plain.get(i), Arrays.copyOf(srtp, jb.getLength()), profile + " packet " + i);
        }
        // jitsi's "theirs" were made with our local keys; our peer session receives with those as remote keys.
        for (int i : order) {
            byte[] srtp = theirs.get(i).clone();
            int len = s.peer.unprotectRtp(srtp, 0, srtp.length);
            assertArrayEquals(plain.get(i), Arrays.copyOf(srtp, len), profile + " packet " + i);
        }
        assertEquals(RTP_PACKETS, s.peer.stats().rtpUnprotected());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpBothWays(SrtpProfile profile) throws Exception {
        Random random = new Random(0x5EED_1000L + profile.ordinal());
        Setup s = new Setup(profile, random);
        JitsiSrtp.Buffer jb = new JitsiSrtp.Buffer(new byte[0], 0, 0);
        List<byte[]> plain = new ArrayList<>();
        List<byte[]> ours = new ArrayList<>();
        List<byte[]> theirs = new ArrayList<>();
        for (int n = 0; n < RTCP_PACKETS; n++) {
            byte[] p = randomRtcp(random, SSRCS[random.nextInt(SSRCS.length)]);
            plain.add(p);
            byte[] a = Arrays.copyOf(p, p.length + 64);
            int len = s.ours.protectRtcp(a, 0, p.length);
            ours.add(Arrays.copyOf(a, len));
            byte[] b = Arrays.copyOf(p, p.length + 64);
            jb.reset(b, 0, p.length);
            JitsiSrtp.check(s.jitsiSender.rtcp(ssrc(p, 4)).transformPacket(jb), "protect RTCP");
            theirs.add(Arrays.copyOf(b, jb.getLength()));
            assertArrayEquals(theirs.get(n), ours.get(n), profile + ": our SRTCP bytes differ for packet " + n);
        }
        List<Integer> order = reordered(plain.size(), random);
        for (int i : order) {
            byte[] srtcp = ours.get(i).clone();
            jb.reset(srtcp, 0, srtcp.length);
            JitsiSrtp.check(s.jitsiReceiver.rtcp(ssrc(srtcp, 4)).reverseTransformPacket(jb),
                    "unprotect of our RTCP " + i);
            assertArrayEquals(plain.get(i), Arrays.copyOf(srtcp, jb.getLength()), profile + " RTCP " + i);
        }
        for (int i : order) {
            byte[] srtcp = theirs.get(i).clone();
            int len = s.peer.unprotectRtcp(srtcp, 0, srtcp.length);
            assertArrayEquals(plain.get(i), Arrays.copyOf(srtcp, len), profile + " RTCP " + i);
        }
    }

    /** Authenticated-only SRTCP (E=0) that we send, which jitsi-srtp accepts for the counter-mode profiles. */
    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES128_CM_HMAC_SHA1_80", "AES128_CM_HMAC_SHA1_32"})
    void unencryptedRtcpToJitsi(SrtpProfile profile) throws Exception {
        Random random = new Random(0x5EED_2000L + profile.ordinal());
        Setup s = new Setup(profile, random);
        JitsiSrtp.Buffer jb = new JitsiSrtp.Buffer(new byte[0], 0, 0);
        for (int n = 0; n < 200; n++) {
            byte[] p = randomRtcp(random, SSRCS[n % SSRCS.length]);
            byte[] a = Arrays.copyOf(p, p.length + 64);
            int len = s.ours.protectRtcp(a, 0, p.length, false);
            assertArrayEquals(p, Arrays.copyOf(a, p.length), "E=0 leaves the packet in clear");
            jb.reset(a, 0, len);
            JitsiSrtp.check(s.jitsiReceiver.rtcp(ssrc(a, 4)).reverseTransformPacket(jb), "unprotect E=0");
            assertArrayEquals(p, Arrays.copyOf(a, jb.getLength()));
        }
    }

    /** Our session and its peer, and jitsi-srtp sending and receiving with our local keys. */
    private static final class Setup {
        final SrtpSession ours;
        final SrtpSession peer;
        final JitsiSrtp.Contexts jitsiSender;
        final JitsiSrtp.Contexts jitsiReceiver;

        Setup(SrtpProfile profile, Random random) {
            byte[] material = new byte[profile.keyingMaterialLength()];
            random.nextBytes(material);
            SrtpKeys client = SrtpKeys.fromKeyingMaterial(profile, material, true);
            SrtpKeys server = SrtpKeys.fromKeyingMaterial(profile, material, false);
            ours = new SrtpSession(client);
            peer = new SrtpSession(server);
            SrtpContextFactory send = JitsiSrtp.factory(profile, true, client.localMasterKey(),
                    client.localMasterSalt());
            SrtpContextFactory receive = JitsiSrtp.factory(profile, false, client.localMasterKey(),
                    client.localMasterSalt());
            jitsiSender = new JitsiSrtp.Contexts(send);
            jitsiReceiver = new JitsiSrtp.Contexts(receive);
        }
    }

    static byte[] randomRtp(Random random, int ssrc, int seq) {
        int csrcs = random.nextInt(4) == 0 ? random.nextInt(3) : 0;
        boolean extension = random.nextBoolean();
        int extWords = extension ? random.nextInt(4) : 0;
        int payload = random.nextInt(8) == 0 ? random.nextInt(20) : random.nextInt(1300);
        int header = 12 + 4 * csrcs + (extension ? 4 + 4 * extWords : 0);
        byte[] p = new byte[header + payload];
        random.nextBytes(p);
        p[0] = (byte) (0x80 | (extension ? 0x10 : 0) | csrcs);
        p[1] = (byte) (p[1] & 0xff & ~0x80 | (random.nextInt(10) == 0 ? 0x80 : 0)); // marker sometimes
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        putInt(p, 8, ssrc);
        if (extension) {
            int e = 12 + 4 * csrcs;
            p[e] = (byte) 0xBE;
            p[e + 1] = (byte) 0xDE;
            p[e + 2] = 0;
            p[e + 3] = (byte) extWords;
        }
        return p;
    }

    static byte[] randomRtcp(Random random, int ssrc) {
        int words = 1 + random.nextInt(60); // after the first word: SSRC and body
        byte[] p = new byte[4 + 4 * words];
        random.nextBytes(p);
        p[0] = (byte) (0x80 | random.nextInt(32));
        p[1] = (byte) (200 + random.nextInt(5));
        p[2] = (byte) (words >>> 8);
        p[3] = (byte) words;
        putInt(p, 4, ssrc);
        return p;
    }

    /** Indexes in sending order, each moved by at most a few places (well inside jitsi's 64-packet window). */
    static List<Integer> reordered(int n, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        for (int i = 0; i + 4 < n; i += 4) {
            Collections.shuffle(order.subList(i, i + 4), random);
        }
        return order;
    }

    static int ssrc(byte[] p, int off) {
        return (p[off] & 0xff) << 24 | (p[off + 1] & 0xff) << 16 | (p[off + 2] & 0xff) << 8 | (p[off + 3] & 0xff);
    }

    static void putInt(byte[] p, int off, int v) {
        p[off] = (byte) (v >>> 24);
        p[off + 1] = (byte) (v >>> 16);
        p[off + 2] = (byte) (v >>> 8);
        p[off + 3] = (byte) v;
    }

}

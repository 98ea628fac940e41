package dev.robusta.dtls.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.robusta.dtls.srtp.SrtpException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rollover counter estimation (RFC 3711 section 3.3.1, appendix A) and replay protection (section 3.3.2). */
class ReplayAndRolloverTest {
    private static final int SSRC = 0x0BAD_CAFE;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void sequenceWrapsIntoTheNextRolloverCounter(SrtpProfile profile) throws SrtpException {
        SrtpPair pair = new SrtpPair(profile);
        for (int i = 0; i < 40; i++) {
            int seq = (65_520 + i) & 0xFFFF;
            byte[] plain = SrtpPair.rtp(SSRC, seq, 50);
            assertArrayEquals(plain, pair.unprotect(pair.protect(plain)), "seq " + seq);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void outOfOrderAcrossTheWrap(SrtpProfile profile) throws SrtpException {
        SrtpPair pair = new SrtpPair(profile);
        int[] seqs = {65_532, 65_533, 65_534, 65_535, 0, 1, 2};
        List<byte[]> plain = new ArrayList<>();
        List<byte[]> srtp = new ArrayList<>();
        for (int seq : seqs) {
            plain.add(SrtpPair.rtp(SSRC, seq, 30));
            srtp.add(pair.protect(plain.get(plain.size() - 1)));
        }
        // After the first packet, the wrapped ones come before the last pre-wrap ones, and back again.
        for (int i : new int[] {0, 4, 2, 5, 1, 3, 6}) {
            assertArrayEquals(plain.get(i), pair.unprotect(srtp.get(i)), "seq " + seqs[i]);
        }
        // Each again: all replays, on both sides of the wrap.
        for (int i = 0; i < seqs.length; i++) {
            byte[] again = srtp.get(i);
            SrtpException e = assertThrows(SrtpException.class, () -> pair.unprotect(again));
            assertEquals(Reason.REPLAYED, e.reason());
        }
        assertEquals(seqs.length, pair.receiver.stats().rejectedOnUnprotect(Reason.REPLAYED));
    }

    @Test
    void theFirstPacketMayBeTheNewestOneBeforeAWrap() throws SrtpException {
        SrtpPair pair = new SrtpPair(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        byte[][] srtp = new byte[4][];
        int[] seqs = {65_534, 65_535, 0, 1};
        for (int i = 0; i < 4; i++) {
            srtp[i] = pair.protect(SrtpPair.rtp(SSRC, seqs[i], 20));
        }
        pair.unprotect(srtp[1]); // 65535 first: the receiver starts there with ROC 0
        pair.unprotect(srtp[0]);
        pair.unprotect(srtp[3]);
        pair.unprotect(srtp[2]);
        assertEquals(4, pair.receiver.stats().rtpUnprotected());
    }

    @Test
    void packetsOlderThanTheWindowAreRefused() throws SrtpException {
        SrtpPair small = new SrtpPair(SrtpProfile.AES128_CM_HMAC_SHA1_80,
                SrtpConfig.defaults().withReplayWindow(128), 5);
        SrtpPair large = new SrtpPair(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpConfig.defaults(), 5);
        for (SrtpPair pair : new SrtpPair[] {small, large}) {
            List<byte[]> srtp = new ArrayList<>();
            for (int seq = 1000; seq <= 1600; seq++) {
                srtp.add(pair.protect(SrtpPair.rtp(SSRC, seq, 10)));
            }
            pair.unprotect(srtp.get(0));
            pair.unprotect(srtp.get(600)); // seq 1600
            // 127 behind the newest: inside both windows; 128 behind: only in the 1024-packet one
            pair.unprotect(srtp.get(600 - 127));
            if (pair == small) {
                SrtpException e = assertThrows(SrtpException.class, () -> pair.unprotect(srtp.get(600 - 128)));
                assertEquals(Reason.TOO_OLD, e.reason());
                assertEquals(Reason.TOO_OLD,
                        assertThrows(SrtpException.class, () -> pair.unprotect(srtp.get(1))).reason());
            } else {
                pair.unprotect(srtp.get(600 - 128));
                pair.unprotect(srtp.get(1)); // 599 behind
            }
        }
        assertEquals(2, small.receiver.stats().rejectedOnUnprotect(Reason.TOO_OLD));
        assertEquals(0, large.receiver.stats().rejectedOnUnprotect(Reason.TOO_OLD));
    }

    @Test
    void veryOldPacketsFromBeforeTheStreamAreRefused() throws SrtpException {
        SrtpPair pair = new SrtpPair(SrtpProfile.AEAD_AES_128_GCM);
        List<byte[]> srtp = new ArrayList<>();
        for (int seq = 10; seq < 3000; seq++) {
            srtp.add(pair.protect(SrtpPair.rtp(SSRC, seq, 10)));
        }
        pair.unprotect(srtp.get(2989)); // seq 2999 first
        assertEquals(Reason.TOO_OLD, assertThrows(SrtpException.class, () -> pair.unprotect(srtp.get(0))).reason());
        assertEquals(Reason.TOO_OLD,
                assertThrows(SrtpException.class, () -> pair.unprotect(srtp.get(2989 - 1024))).reason());
        pair.unprotect(srtp.get(2989 - 1023));
    }

    @Test
    void aForgedPacketDoesNotMoveTheWindowOrTheRolloverCounter() throws SrtpException {
        SrtpPair pair = new SrtpPair(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        byte[] first = pair.protect(SrtpPair.rtp(SSRC, 100, 40));
        byte[] second = pair.protect(SrtpPair.rtp(SSRC, 101, 40));
        pair.unprotect(first);
        // A forged packet 30,000 ahead: were it trusted, the ROC would move and 101 would become "old".
        byte[] forged = SrtpPair.rtp(SSRC, 30_100, 50);
        SrtpException e = assertThrows(SrtpException.class, () -> pair.unprotect(forged));
        assertEquals(Reason.AUTH_FAILED, e.reason());
        assertArrayEquals(SrtpPair.rtp(SSRC, 101, 40), pair.unprotect(second));
    }

    /** A long run over two wraps with losses and short reordering: everything sent and not lost comes through. */
    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES128_CM_HMAC_SHA1_32", "AEAD_AES_256_GCM"})
    void longRunWithLossAndReordering(SrtpProfile profile) throws SrtpException {
        SrtpPair pair = new SrtpPair(profile);
        Random random = new Random(2024);
        int seq = 60_000;
        List<byte[]> held = new ArrayList<>();
        int delivered = 0;
        for (int n = 0; n < 140_000; n++) {
            byte[] plain = SrtpPair.rtp(SSRC, seq, 8);
            seq = (seq + 1) & 0xFFFF;
            byte[] srtp = pair.protect(plain);
            if (random.nextInt(50) == 0) {
                continue; // lost
            }
            held.add(srtp);
            if (held.size() == 8 || n == 139_999) {
                java.util.Collections.shuffle(held, random);
                for (byte[] p : held) {
                    pair.unprotect(p);
                    delivered++;
                }
                held.clear();
            }
        }
        assertEquals(delivered, pair.receiver.stats().rtpUnprotected());
        assertEquals(0, pair.receiver.stats().rejectedOnUnprotect());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpReplayAndAge(SrtpProfile profile) throws SrtpException {
        SrtpPair pair = new SrtpPair(profile, SrtpConfig.defaults().withReplayWindow(64), 3);
        List<byte[]> srtcp = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            srtcp.add(pair.protectRtcp(SrtpPair.rtcp(SSRC, 6), i % 3 != 0));
        }
        pair.unprotectRtcp(srtcp.get(5));
        pair.unprotectRtcp(srtcp.get(150));
        pair.unprotectRtcp(srtcp.get(100)); // 50 behind: inside a 64-packet window
        assertEquals(Reason.REPLAYED,
                assertThrows(SrtpException.class, () -> pair.unprotectRtcp(srtcp.get(100))).reason());
        assertEquals(Reason.TOO_OLD,
                assertThrows(SrtpException.class, () -> pair.unprotectRtcp(srtcp.get(5))).reason());
        assertArrayEquals(SrtpPair.rtcp(SSRC, 6), pair.unprotectRtcp(srtcp.get(199)));
    }

    @Test
    void replayWindowShiftsAcrossWords() {
        ReplayWindow w = new ReplayWindow(256);
        Random random = new Random(1);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long newest = -1;
        for (int n = 0; n < 20_000; n++) {
            long index = Math.max(0, (newest < 0 ? 1000 : newest) + random.nextInt(300) - 200);
            Reason r = w.check(index);
            Reason expected = newest >= 0 && newest - index >= 256 ? Reason.TOO_OLD
                    : seen.contains(index) ? Reason.REPLAYED : null;
            assertEquals(expected, r, "index " + index + " newest " + newest);
            if (r == null) {
                w.accept(index);
                seen.add(index);
                newest = Math.max(newest, index);
            }
        }
    }
}

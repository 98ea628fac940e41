package dev.robusta.dtls.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.dtls.srtp.SrtpException.Reason;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every refusal reason: thrown as the typed exception, counted, and leaving the session usable. */
class SrtpRejectionTest {
    private static final int SSRC = 0x7000_0001;

    private static Reason reasonOf(Executable call) {
        return assertThrows(SrtpException.class, call).reason();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void wrongTagIsRefusedAndTheBufferIsLeftAlone(SrtpProfile profile) throws SrtpException {
        SrtpPair pair = new SrtpPair(profile);
        byte[] srtp = pair.protect(SrtpPair.rtp(SSRC, 1, 100));
        for (int position : new int[] {1, 5, 12, 60, srtp.length - 1}) {
            byte[] bad = srtp.clone();
            bad[position] ^= 0x10;
            byte[] buf = bad.clone();
            assertEquals(Reason.AUTH_FAILED, reasonOf(() -> pair.receiver.unprotectRtp(buf, 0, buf.length)));
            assertArrayEquals(bad, buf, "a refused packet is not decrypted");
        }
        byte[] srtcp = pair.protectRtcp(SrtpPair.rtcp(SSRC, 5), true);
        srtcp[10] ^= 1;
        assertEquals(Reason.AUTH_FAILED, reasonOf(() -> pair.unprotectRtcp(srtcp)));
        // Under other keys
        SrtpPair other = new SrtpPair(profile, SrtpConfig.defaults(), 1234);
        assertEquals(Reason.AUTH_FAILED, reasonOf(() -> other.unprotect(srtp)));

        assertEquals(6, pair.receiver.stats().rejectedOnUnprotect(Reason.AUTH_FAILED));
        assertArrayEquals(SrtpPair.rtp(SSRC, 1, 100), pair.unprotect(srtp), "still usable");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void truncatedPackets(SrtpProfile profile) throws SrtpException {
        SrtpPair pair = new SrtpPair(profile);
        byte[] srtp = pair.protect(SrtpPair.rtp(SSRC, 1, 0));
        int tag = profile.rtpAuthTagLength();
        for (int len = 0; len < 12 + tag; len++) {
            int l = len;
            assertEquals(Reason.TRUNCATED, reasonOf(() -> pair.receiver.unprotectRtp(srtp, 0, l)), "length " + len);
        }
        // Cut into the tag only: the packet no longer authenticates
        byte[] longer = pair.protect(SrtpPair.rtp(SSRC, 2, 40));
        assertEquals(Reason.AUTH_FAILED, reasonOf(() -> pair.receiver.unprotectRtp(longer, 0, longer.length - 1)));

        byte[] srtcp = pair.protectRtcp(SrtpPair.rtcp(SSRC, 1), true);
        int minimum = 8 + pair.receiver.rtcpOverhead();
        for (int len = 0; len < minimum; len++) {
            int l = len;
            assertEquals(Reason.TRUNCATED, reasonOf(() -> pair.receiver.unprotectRtcp(srtcp, 0, l)));
        }
        byte[] shortRtp = new byte[40];
        shortRtp[0] = (byte) 0x80;
        assertEquals(Reason.TRUNCATED, reasonOf(() -> pair.sender.protectRtp(shortRtp, 0, 11)));
        assertEquals(Reason.TRUNCATED, reasonOf(() -> pair.sender.protectRtcp(shortRtp, 0, 7)));
        assertEquals(12 + tag + minimum, pair.receiver.stats().rejectedOnUnprotect(Reason.TRUNCATED));
        assertEquals(2, pair.sender.stats().rejectedOnProtect(Reason.TRUNCATED));
    }

    @Test
    void malformedHeaders() throws SrtpException {
        SrtpPair pair = new SrtpPair(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        byte[] buf = new byte[100];
        byte[] plain = SrtpPair.rtp(SSRC, 1, 20);
        plain[0] = 0x40; // version 1
        System.arraycopy(plain, 0, buf, 0, plain.length);
        assertEquals(Reason.MALFORMED, reasonOf(() -> pair.sender.protectRtp(buf, 0, plain.length)));
        plain[0] = (byte) 0x8F; // 15 CSRCs: 72 header bytes in a 32-byte packet
        System.arraycopy(plain, 0, buf, 0, plain.length);
        assertEquals(Reason.MALFORMED, reasonOf(() -> pair.sender.protectRtp(buf, 0, plain.length)));
        plain[0] = (byte) 0x90; // an extension whose length runs past the packet
        plain[14] = 0x10;
        System.arraycopy(plain, 0, buf, 0, plain.length);
        assertEquals(Reason.MALFORMED, reasonOf(() -> pair.sender.protectRtp(buf, 0, plain.length)));

        byte[] srtp = pair.protect(SrtpPair.rtp(SSRC, 2, 20));
        srtp[0] = (byte) 0x8F;
        assertEquals(Reason.MALFORMED, reasonOf(() -> pair.unprotect(srtp)));
        byte[] srtcp = pair.protectRtcp(SrtpPair.rtcp(SSRC, 3), true);
        srtcp[0] = 0x01;
        assertEquals(Reason.MALFORMED, reasonOf(() -> pair.unprotectRtcp(srtcp)));
        assertEquals(3, pair.sender.stats().rejectedOnProtect(Reason.MALFORMED));
        assertEquals(2, pair.receiver.stats().rejectedOnUnprotect(Reason.MALFORMED));
    }

    @Test
    void headerExtensionsAndCsrcsStayInClearButAuthenticated() throws SrtpException {
        SrtpPair pair = new SrtpPair(SrtpProfile.AEAD_AES_128_GCM);
        byte[] plain = JitsiCrossCheckTest.randomRtp(new Random(3), SSRC, 77);
        plain[0] = (byte) 0x92; // 2 CSRCs and an extension
        byte[] full = Arrays.copyOf(plain, 12 + 8 + 4 + 8 + 30);
        full[20] = (byte) 0xBE;
        full[21] = (byte) 0xDE;
        full[22] = 0;
        full[23] = 2;
        byte[] srtp = pair.protect(full);
        assertArrayEquals(Arrays.copyOf(full, 32), Arrays.copyOf(srtp, 32), "header in clear");
        assertFalse(Arrays.equals(Arrays.copyOfRange(full, 32, full.length),
                Arrays.copyOfRange(srtp, 32, full.length)), "payload encrypted");
        assertArrayEquals(full, pair.unprotect(srtp));
    }

    @Test
    void unknownSsrcs() throws SrtpException {
        SrtpPair limited = new SrtpPair(SrtpProfile.AES128_CM_HMAC_SHA1_80,
                SrtpConfig.defaults().withMaxRemoteSsrcs(2), 8);
        limited.unprotect(limited.protect(SrtpPair.rtp(1, 1, 10)));
        limited.unprotect(limited.protect(SrtpPair.rtp(2, 1, 10)));
        byte[] third = limited.protect(SrtpPair.rtp(3, 1, 10));
        assertEquals(Reason.UNKNOWN_SSRC, reasonOf(() -> limited.unprotect(third)));
        limited.receiver.forgetRemoteSsrc(1);
        limited.unprotect(third);
        // RTCP streams are limited apart from RTP ones
        limited.unprotectRtcp(limited.protectRtcp(SrtpPair.rtcp(2, 2), true));
        limited.unprotectRtcp(limited.protectRtcp(SrtpPair.rtcp(3, 2), true));
        byte[] rtcp4 = limited.protectRtcp(SrtpPair.rtcp(4, 2), true);
        assertEquals(Reason.UNKNOWN_SSRC, reasonOf(() -> limited.unprotectRtcp(rtcp4)));

        SrtpPair strict = new SrtpPair(SrtpProfile.AEAD_AES_256_GCM,
                SrtpConfig.defaults().withAdmitAnyRemoteSsrc(false), 9);
        byte[] fromA = strict.protect(SrtpPair.rtp(0xA, 1, 10));
        byte[] fromB = strict.protect(SrtpPair.rtp(0xB, 1, 10));
        assertEquals(Reason.UNKNOWN_SSRC, reasonOf(() -> strict.unprotect(fromA)));
        assertTrue(strict.receiver.admitRemoteSsrc(0xA));
        strict.unprotect(fromA);
        assertEquals(Reason.UNKNOWN_SSRC, reasonOf(() -> strict.unprotect(fromB)));
        assertEquals(1, strict.receiver.stats().rtpUnprotected());
        assertEquals(2, strict.receiver.stats().rejectedOnUnprotect(Reason.UNKNOWN_SSRC));

        SrtpPair oneLocal = new SrtpPair(SrtpProfile.AES128_CM_HMAC_SHA1_32,
                SrtpConfig.defaults(), 10);
        SrtpSession sender = new SrtpSession(SrtpKeys.fromKeyingMaterial(SrtpProfile.AES128_CM_HMAC_SHA1_32,
                new byte[60], true), SrtpConfig.defaults().withMaxLocalSsrcs(1));
        byte[] buf = Arrays.copyOf(SrtpPair.rtp(1, 1, 10), 100);
        sender.protectRtp(buf, 0, 22);
        byte[] buf2 = Arrays.copyOf(SrtpPair.rtp(2, 1, 10), 100);
        assertEquals(Reason.UNKNOWN_SSRC, reasonOf(() -> sender.protectRtp(buf2, 0, 22)));
        assertEquals(1, sender.stats().rejectedOnProtect(Reason.UNKNOWN_SSRC));
        assertEquals(0, oneLocal.receiver.stats().rejectedOnUnprotect());
    }

    @Test
    void noRoomForTheTagAndInvalidRanges() {
        SrtpSession s = new SrtpPair(SrtpProfile.AES128_CM_HMAC_SHA1_80).sender;
        byte[] exact = SrtpPair.rtp(SSRC, 1, 20);
        assertEquals(Reason.NO_ROOM, reasonOf(() -> s.protectRtp(exact, 0, exact.length)));
        byte[] rtcp = SrtpPair.rtcp(SSRC, 3);
        byte[] tight = Arrays.copyOf(rtcp, rtcp.length + s.rtcpOverhead() - 1);
        assertEquals(Reason.NO_ROOM, reasonOf(() -> s.protectRtcp(tight, 0, rtcp.length)));
        assertArrayEquals(SrtpPair.rtp(SSRC, 1, 20), exact, "untouched");

        assertEquals(Reason.INVALID_RANGE, reasonOf(() -> s.protectRtp(exact, -1, 10)));
        assertEquals(Reason.INVALID_RANGE, reasonOf(() -> s.protectRtp(exact, 10, exact.length)));
        assertEquals(Reason.INVALID_RANGE, reasonOf(() -> s.unprotectRtp(null, 0, 0)));
        assertEquals(Reason.INVALID_RANGE, reasonOf(() -> s.unprotectRtcp(exact, 0, -5)));
        assertEquals(2, s.stats().rejectedOnProtect(Reason.NO_ROOM));
        assertEquals(2, s.stats().rejectedOnProtect(Reason.INVALID_RANGE));
        assertEquals(2, s.stats().rejectedOnUnprotect(Reason.INVALID_RANGE));
    }

    @Test
    void srtcpIndexExhaustion() throws SrtpException {
        SrtpPair pair = new SrtpPair(SrtpProfile.AEAD_AES_128_GCM);
        pair.sender.setNextRtcpIndex(SSRC, 0x7fff_ffffL);
        byte[] last = pair.protectRtcp(SrtpPair.rtcp(SSRC, 2), true); // the last index there is
        assertArrayEquals(SrtpPair.rtcp(SSRC, 2), pair.unprotectRtcp(last));
        assertEquals(Reason.KEY_EXHAUSTED,
                reasonOf(() -> pair.protectRtcp(SrtpPair.rtcp(SSRC, 2), true)));
        assertEquals(1, pair.sender.stats().rejectedOnProtect(Reason.KEY_EXHAUSTED));
    }

    @Test
    void exceptionsAreSharedImmutableInstances() {
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        for (Reason r : Reason.values()) {
            SrtpException e = SrtpException.of(r);
            assertSame(e, SrtpException.of(r));
            assertEquals(r, e.reason());
            assertEquals(0, e.getStackTrace().length);
            assertThrows(IllegalStateException.class, () -> e.initCause(new RuntimeException()));
            seen.add(r);
        }
        assertEquals(EnumSet.allOf(Reason.class), seen);
    }

    /**
     * Bounded mutation run: random bit flips, truncations, extensions and garbage, on SRTP and SRTCP of every
     * profile. Only {@link SrtpException} may come out, nothing forged gets through, and the session stays usable.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void mutatedPacketsOnlyEverRaiseSrtpException(SrtpProfile profile) throws SrtpException {
        SrtpPair pair = new SrtpPair(profile);
        Random random = new Random(0xF022 + profile.ordinal());
        int accepted = 0;
        for (int n = 0; n < 4000; n++) {
            boolean rtcp = random.nextInt(3) == 0;
            byte[] valid = rtcp ? pair.protectRtcp(SrtpPair.rtcp(SSRC, 1 + random.nextInt(20)), random.nextBoolean())
                    : pair.protect(SrtpPair.rtp(SSRC, n & 0xFFFF, random.nextInt(300)));
            byte[] buf = Arrays.copyOf(valid, valid.length + 40);
            int len = valid.length;
            switch (random.nextInt(4)) {
                case 0 -> buf[random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> len = random.nextInt(len);
                case 2 -> len = Math.min(buf.length, len + 1 + random.nextInt(40));
                default -> {
                    random.nextBytes(buf);
                    buf[0] = (byte) (0x80 | (buf[0] & 0x3f));
                }
            }
            try {
                if (rtcp) {
                    pair.receiver.unprotectRtcp(buf, 0, len);
                } else {
                    pair.receiver.unprotectRtp(buf, 0, len);
                }
                accepted++;
            } catch (SrtpException expected) {
                // the only exception allowed
            }
        }
        assertEquals(0, accepted, "a mutated packet was accepted");
        byte[] good = SrtpPair.rtp(SSRC, 5000, 64);
        assertArrayEquals(good, pair.unprotect(pair.protect(good)), "usable after the run");
        assertEquals(4000, pair.receiver.stats().rejectedOnUnprotect());
    }
}

package dev.robusta.dtls.srtp;

import java.util.Arrays;
import java.util.Random;

/** Two of our sessions keyed as the two ends of one DTLS-SRTP association, and packet helpers. */
final class SrtpPair {
    final SrtpSession sender;
    final SrtpSession receiver;

    SrtpPair(SrtpProfile profile, SrtpConfig receiverConfig, long seed) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new Random(seed).nextBytes(material);
        sender = new SrtpSession(SrtpKeys.fromKeyingMaterial(profile, material, true));
        receiver = new SrtpSession(SrtpKeys.fromKeyingMaterial(profile, material, false), receiverConfig);
    }

    SrtpPair(SrtpProfile profile) {
        this(profile, SrtpConfig.defaults(), 99);
    }

    /** A plain RTP packet: 12-byte header with this SSRC and sequence number, payload derived from both. */
    static byte[] rtp(int ssrc, int seq, int payload) {
        byte[] p = new byte[12 + payload];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        JitsiCrossCheckTest.putInt(p, 8, ssrc);
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i * 31 + seq * 7 + ssrc);
        }
        return p;
    }

    static byte[] rtcp(int ssrc, int words) {
        byte[] p = new byte[4 + 4 * words];
        p[0] = (byte) 0x81;
        p[1] = (byte) 201;
        p[3] = (byte) words;
        JitsiCrossCheckTest.putInt(p, 4, ssrc);
        for (int i = 8; i < p.length; i++) {
            p[i] = (byte) (i * 13);
        }
        return p;
    }

    /** Our sender's SRTP form of {@code plain}, exactly as long as it is. */
    byte[] protect(byte[] plain) throws SrtpException {
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        return Arrays.copyOf(buf, sender.protectRtp(buf, 0, plain.length));
    }

    byte[] protectRtcp(byte[] plain, boolean encrypt) throws SrtpException {
        byte[] buf = Arrays.copyOf(plain, plain.length + 20);
        return Arrays.copyOf(buf, sender.protectRtcp(buf, 0, plain.length, encrypt));
    }

    /** The receiver's plain form of an SRTP packet (the argument is left as it was). */
    byte[] unprotect(byte[] srtp) throws SrtpException {
        byte[] buf = srtp.clone();
        return Arrays.copyOf(buf, receiver.unprotectRtp(buf, 0, buf.length));
    }

    byte[] unprotectRtcp(byte[] srtcp) throws SrtpException {
        byte[] buf = srtcp.clone();
        return Arrays.copyOf(buf, receiver.unprotectRtcp(buf, 0, buf.length));
    }
}

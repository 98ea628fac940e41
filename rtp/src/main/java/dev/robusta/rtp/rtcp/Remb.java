package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.util.Arrays;

/**
 * Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03): payload-specific feedback, FMT 15
 * (application layer), identified by "REMB". The bitrate is {@code mantissa << exponent} bits per second; both
 * are kept as sent so the packet writes back unchanged.
 */
public record Remb(long senderSsrc, long mediaSsrc, int exponent, int mantissa, long[] ssrcs, Padding padding)
        implements RtcpPacket {
    public static final int FMT = 15;
    private static final int UNIQUE_ID = ('R' << 24) | ('E' << 16) | ('M' << 8) | 'B';

    public Remb {
        Rtcp.checkU32(senderSsrc, "sender ssrc");
        Rtcp.checkU32(mediaSsrc, "media ssrc");
        if (exponent < 0 || exponent > 63 || mantissa < 0 || mantissa > 0x3_FFFF) {
            throw new IllegalArgumentException("REMB exponent 0-63 and mantissa 0-262143: " + exponent + "/" + mantissa);
        }
        ssrcs = ssrcs.clone();
        if (ssrcs.length > 255) {
            throw new IllegalArgumentException("at most 255 SSRCs in a REMB");
        }
        for (long s : ssrcs) {
            Rtcp.checkU32(s, "ssrc");
        }
        padding = padding == null ? Padding.NONE : padding;
        padding.checkAligned(0, "REMB");
    }

    public Remb(long senderSsrc, long mediaSsrc, int exponent, int mantissa, long[] ssrcs) {
        this(senderSsrc, mediaSsrc, exponent, mantissa, ssrcs, Padding.NONE);
    }

    /** This packet with {@code padding} (P bit) after it. */
    public Remb withPadding(Padding padding) {
        return new Remb(senderSsrc, mediaSsrc, exponent, mantissa, ssrcs, padding);
    }

    /** A REMB for {@code bitrateBps}, with the smallest exponent that fits it (rounding down). */
    public static Remb of(long senderSsrc, long bitrateBps, long... ssrcs) {
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("negative bitrate");
        }
        int exp = 0;
        while ((bitrateBps >>> exp) > 0x3_FFFF) {
            exp++;
        }
        return new Remb(senderSsrc, 0, exp, (int) (bitrateBps >>> exp), ssrcs);
    }

    /** The estimate in bits per second (saturates at Long.MAX_VALUE). */
    public long bitrateBps() {
        if (mantissa != 0 && exponent > Long.numberOfLeadingZeros(mantissa) - 1) {
            return Long.MAX_VALUE;
        }
        return (long) mantissa << exponent;
    }

    @Override
    public long[] ssrcs() {
        return ssrcs.clone();
    }

    static boolean matches(byte[] b, int p, int len) {
        return len >= 12 && (int) Rtcp.u32(b, p + 8) == UNIQUE_ID;
    }

    static Remb parse(byte[] b, int p, int len, Padding padding) throws MalformedPacketException {
        Rtcp.need(len, 16, "REMB");
        int n = b[p + 12] & 0xFF;
        if (len != 16 + 4 * n) {
            throw new MalformedPacketException("REMB with " + n + " SSRCs in " + len + " bytes");
        }
        long[] ssrcs = new long[n];
        for (int i = 0; i < n; i++) {
            ssrcs[i] = Rtcp.u32(b, p + 16 + 4 * i);
        }
        int exp = (b[p + 13] & 0xFF) >>> 2;
        int mantissa = Rtcp.u24(b, p + 13) & 0x3_FFFF;
        return new Remb(Rtcp.u32(b, p), Rtcp.u32(b, p + 4), exp, mantissa, ssrcs, padding);
    }

    @Override
    public int packetType() {
        return PSFB;
    }

    @Override
    public int encodedLength() {
        return 20 + 4 * ssrcs.length + padding.length();
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, FMT, PSFB, n);
        Rtcp.put32(b, off + 4, senderSsrc);
        Rtcp.put32(b, off + 8, mediaSsrc);
        Rtcp.put32(b, off + 12, UNIQUE_ID);
        b[off + 16] = (byte) ssrcs.length;
        Rtcp.put24(b, off + 17, (exponent << 18) | mantissa);
        for (int i = 0; i < ssrcs.length; i++) {
            Rtcp.put32(b, off + 20 + 4 * i, ssrcs[i]);
        }
        padding.write(b, off, off + 20 + 4 * ssrcs.length);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Remb r && r.senderSsrc == senderSsrc && r.mediaSsrc == mediaSsrc
                && r.exponent == exponent && r.mantissa == mantissa && Arrays.equals(r.ssrcs, ssrcs)
                && r.padding.equals(padding);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(senderSsrc) * 31 + mantissa;
    }

    @Override
    public String toString() {
        return "REMB[" + senderSsrc + " " + bitrateBps() + " bps " + Arrays.toString(ssrcs) + "]";
    }
}

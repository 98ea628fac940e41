package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * BYE (RFC 3550 section 6.6): sources leaving, with an optional reason.
 *
 * @param ssrcs  the sources (at most 31)
 * @param reason  the reason's bytes, or null when absent
 * @param padding padding after the packet (P bit), {@link Padding#NONE} usually
 */
public record Goodbye(List<Long> ssrcs, byte[] reason, Padding padding) implements RtcpPacket {
    public Goodbye {
        ssrcs = List.copyOf(ssrcs);
        if (ssrcs.size() > 31) {
            throw new IllegalArgumentException("at most 31 sources in a BYE");
        }
        ssrcs.forEach(s -> Rtcp.checkU32(s, "ssrc"));
        if (reason != null) {
            reason = reason.clone();
            if (reason.length > 255) {
                throw new IllegalArgumentException("BYE reason longer than 255 bytes");
            }
        }
        padding = padding == null ? Padding.NONE : padding;
        padding.checkAligned(0, "BYE");
    }

    public Goodbye(List<Long> ssrcs, byte[] reason) {
        this(ssrcs, reason, Padding.NONE);
    }

    /** This packet with {@code padding} after it. */
    public Goodbye withPadding(Padding padding) {
        return new Goodbye(ssrcs, reason, padding);
    }

    public static Goodbye of(long ssrc, String reason) {
        return new Goodbye(List.of(ssrc), reason == null ? null : reason.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] reason() {
        return reason == null ? null : reason.clone();
    }

    public String reasonText() {
        return reason == null ? null : new String(reason, StandardCharsets.UTF_8);
    }

    static Goodbye parse(byte[] b, int p, int len, int count, Padding padding) throws MalformedPacketException {
        if ((len & 3) != 0) {
            throw new MalformedPacketException("BYE of " + len + " bytes (after padding): not whole 32-bit words");
        }
        Rtcp.need(len, 4 * count, "BYE sources");
        Long[] ssrcs = new Long[count];
        for (int i = 0; i < count; i++) {
            ssrcs[i] = Rtcp.u32(b, p + 4 * i);
        }
        byte[] reason = null;
        int r = 4 * count;
        if (r < len) {
            int l = b[p + r] & 0xFF;
            Rtcp.need(len - r - 1, l, "BYE reason");
            reason = Arrays.copyOfRange(b, p + r + 1, p + r + 1 + l);
            // The reason is padded to the next 32-bit boundary (section 6.6), no further.
            if (len - r - 1 - l > 3) {
                throw new MalformedPacketException("BYE has " + (len - r - 1 - l) + " bytes after its reason");
            }
        }
        return new Goodbye(List.of(ssrcs), reason, padding);
    }

    @Override
    public int packetType() {
        return BYE;
    }

    @Override
    public int encodedLength() {
        int n = 4 + 4 * ssrcs.size();
        if (reason != null) {
            n += (1 + reason.length + 3) & ~3;
        }
        return n + padding.length();
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, ssrcs.size(), BYE, n);
        int p = off + 4;
        for (long s : ssrcs) {
            Rtcp.put32(b, p, s);
            p += 4;
        }
        if (reason != null) {
            b[p] = (byte) reason.length;
            System.arraycopy(reason, 0, b, p + 1, reason.length);
            int end = off + n - padding.length();
            for (int q = p + 1 + reason.length; q < end; q++) {
                b[q] = 0;
            }
        }
        padding.write(b, off, off + n - padding.length());
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Goodbye g && g.ssrcs.equals(ssrcs) && Arrays.equals(g.reason, reason)
                && g.padding.equals(padding);
    }

    @Override
    public int hashCode() {
        return ssrcs.hashCode() * 31 + Arrays.hashCode(reason);
    }

    @Override
    public String toString() {
        return "BYE" + ssrcs + (reason == null ? "" : " " + reasonText());
    }
}

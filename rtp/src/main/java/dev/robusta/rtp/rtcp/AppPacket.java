package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Application-defined packet (RFC 3550 section 6.7).
 *
 * @param subtype 0-31
 * @param ssrc    the sender
 * @param name    four ASCII characters
 * @param data    application data, a multiple of 4 bytes
 * @param padding padding after the packet (P bit), {@link Padding#NONE} usually
 */
public record AppPacket(int subtype, long ssrc, String name, byte[] data, Padding padding) implements RtcpPacket {
    public AppPacket {
        if (subtype < 0 || subtype > 31) {
            throw new IllegalArgumentException("APP subtype must be 0-31: " + subtype);
        }
        Rtcp.checkU32(ssrc, "ssrc");
        if (name.length() != 4 || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw new IllegalArgumentException("APP name must be 4 ASCII characters: " + name);
        }
        data = data.clone();
        if ((data.length & 3) != 0) {
            throw new IllegalArgumentException("APP data must be a multiple of 4 bytes");
        }
        padding = padding == null ? Padding.NONE : padding;
        padding.checkAligned(0, "APP");
    }

    public AppPacket(int subtype, long ssrc, String name, byte[] data) {
        this(subtype, ssrc, name, data, Padding.NONE);
    }

    /** This packet with {@code padding} after it. */
    public AppPacket withPadding(Padding padding) {
        return new AppPacket(subtype, ssrc, name, data, padding);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    static AppPacket parse(byte[] b, int p, int len, int count, Padding padding) throws MalformedPacketException {
        Rtcp.need(len, 8, "APP");
        if ((len & 3) != 0) {
            throw new MalformedPacketException("APP data not a multiple of 4 bytes");
        }
        for (int i = 4; i < 8; i++) {
            if (b[p + i] < 0) {
                throw new MalformedPacketException("APP name not ASCII");
            }
        }
        return new AppPacket(count, Rtcp.u32(b, p), new String(b, p + 4, 4, StandardCharsets.ISO_8859_1),
                Arrays.copyOfRange(b, p + 8, p + len), padding);
    }

    @Override
    public int packetType() {
        return APP;
    }

    @Override
    public int encodedLength() {
        return 12 + data.length + padding.length();
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, subtype, APP, n);
        Rtcp.put32(b, off + 4, ssrc);
        for (int i = 0; i < 4; i++) {
            b[off + 8 + i] = (byte) name.charAt(i);
        }
        System.arraycopy(data, 0, b, off + 12, data.length);
        padding.write(b, off, off + 12 + data.length);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppPacket a && a.subtype == subtype && a.ssrc == ssrc && a.name.equals(name)
                && Arrays.equals(a.data, data) && a.padding.equals(padding);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "APP[" + name + "/" + subtype + " ssrc=" + ssrc + " " + data.length + " bytes]";
    }
}

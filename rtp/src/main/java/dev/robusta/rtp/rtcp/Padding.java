package dev.robusta.rtp.rtcp;

import java.util.Arrays;

/**
 * The padding octets at the end of one RTCP packet (RFC 3550 section 6.4.1, P bit): as received, so that a padded
 * packet writes back byte for byte. The last octet is the padding count, which includes itself; the others are
 * usually zero but are kept whatever they are. RFC 3550 allows padding only on the last packet of a compound
 * packet; the parser keeps it wherever it is, as libwebrtc's does.
 */
public final class Padding {
    /** No padding: the P bit is clear. */
    public static final Padding NONE = new Padding(new byte[0]);

    private final byte[] bytes;

    private Padding(byte[] bytes) {
        this.bytes = bytes;
    }

    /** {@code length} octets of padding: zeros, then the count. */
    public static Padding zeros(int length) {
        if (length < 1 || length > 255) {
            throw new IllegalArgumentException("RTCP padding must be 1-255 octets: " + length);
        }
        byte[] b = new byte[length];
        b[length - 1] = (byte) length;
        return new Padding(b);
    }

    /**
     * Padding octets as they appear on the wire; an empty array means no padding.
     *
     * @throws IllegalArgumentException if the last octet is not the length
     */
    public static Padding of(byte[] octets) {
        if (octets.length == 0) {
            return NONE;
        }
        if (octets.length > 255 || (octets[octets.length - 1] & 0xFF) != octets.length) {
            throw new IllegalArgumentException("the last padding octet must be the padding length " + octets.length);
        }
        return new Padding(octets.clone());
    }

    /** Reads padding the {@link RtcpReader} has already checked: {@code length} octets at {@code off}. */
    static Padding read(byte[] b, int off, int length) {
        return length == 0 ? NONE : new Padding(Arrays.copyOfRange(b, off, off + length));
    }

    /** Octets of padding, 0 when there is none. */
    public int length() {
        return bytes.length;
    }

    public boolean isPresent() {
        return bytes.length != 0;
    }

    public byte[] octets() {
        return bytes.clone();
    }

    /** Checks the padded packet length is a multiple of 4 (an RTCP length counts 32-bit words). */
    void checkAligned(int unpaddedLength, String what) {
        if (((unpaddedLength + bytes.length) & 3) != 0) {
            throw new IllegalArgumentException(what + " of " + unpaddedLength + " bytes with " + bytes.length
                    + " bytes of padding is not a multiple of 4 bytes");
        }
    }

    /** Sets the P bit of the packet at {@code packetOff} and writes the octets at {@code at}. */
    void write(byte[] b, int packetOff, int at) {
        if (bytes.length != 0) {
            b[packetOff] |= 0x20;
            System.arraycopy(bytes, 0, b, at, bytes.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Padding p && Arrays.equals(p.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return bytes.length == 0 ? "no padding" : bytes.length + " bytes of padding";
    }
}

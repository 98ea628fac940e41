package dev.robusta.sctp.wire;

import java.util.zip.CRC32C;

/**
 * The SCTP common header (RFC 9260 section 3.1) and the packet checksum (CRC32c, RFC 9260 appendix A), over a
 * packet held in a byte array. An instance holds a reusable {@link CRC32C}; it is not thread-safe.
 *
 * <pre>
 *  source port (16) | destination port (16) | verification tag (32) | checksum (32) | chunks...
 * </pre>
 * The CRC32c is computed over the whole packet with the checksum field zero and stored least significant byte
 * first (the byte order every implementation uses: the CRC's bit-reflected form).
 */
public final class SctpPacket {
    public static final int HEADER_SIZE = 12;
    private static final byte[] ZERO4 = new byte[4];

    private final CRC32C crc = new CRC32C();

    public static int sourcePort(byte[] b, int off) {
        return Bytes.u16(b, off);
    }

    public static int destinationPort(byte[] b, int off) {
        return Bytes.u16(b, off + 2);
    }

    public static int verificationTag(byte[] b, int off) {
        return Bytes.i32(b, off + 4);
    }

    /** The checksum field as stored (little-endian). */
    public static int storedChecksum(byte[] b, int off) {
        return (b[off + 8] & 0xFF) | ((b[off + 9] & 0xFF) << 8) | ((b[off + 10] & 0xFF) << 16) | ((b[off + 11] & 0xFF) << 24);
    }

    /** Writes the common header with a zero checksum; returns {@link #HEADER_SIZE}. */
    public static int writeHeader(byte[] b, int off, int sourcePort, int destinationPort, int verificationTag) {
        Bytes.put16(b, off, sourcePort);
        Bytes.put16(b, off + 2, destinationPort);
        Bytes.put32(b, off + 4, verificationTag);
        Bytes.put32(b, off + 8, 0);
        return HEADER_SIZE;
    }

    /** The CRC32c of the packet at {@code off} of {@code len} bytes, as if its checksum field were zero. */
    public int checksum(byte[] b, int off, int len) {
        crc.reset();
        crc.update(b, off, 8);
        crc.update(ZERO4, 0, 4);
        crc.update(b, off + HEADER_SIZE, len - HEADER_SIZE);
        return (int) crc.getValue();
    }

    /** Computes and stores the checksum of a complete packet. */
    public void seal(byte[] b, int off, int len) {
        int c = checksum(b, off, len);
        b[off + 8] = (byte) c;
        b[off + 9] = (byte) (c >>> 8);
        b[off + 10] = (byte) (c >>> 16);
        b[off + 11] = (byte) (c >>> 24);
    }

    /** Whether the stored checksum matches the packet's CRC32c. */
    public boolean verify(byte[] b, int off, int len) {
        return len >= HEADER_SIZE && checksum(b, off, len) == storedChecksum(b, off);
    }
}

package dev.robusta.sctp.wire;

/**
 * DATA (RFC 9260 section 3.3.1), read and written in place: no object per chunk on the hot path.
 *
 * <pre>
 *  type=0 | reserved|I|U|B|E | length
 *  TSN (32)
 *  stream identifier (16) | stream sequence number (16)
 *  payload protocol identifier (32)
 *  user data...
 * </pre>
 */
public final class DataChunk {
    public static final int HEADER_SIZE = 16;
    /** Unordered. */
    public static final int FLAG_UNORDERED = 0x04;
    /** First fragment of a message. */
    public static final int FLAG_BEGINNING = 0x02;
    /** Last fragment of a message. */
    public static final int FLAG_ENDING = 0x01;
    /** RFC 7053: the receiver should SACK at once. */
    public static final int FLAG_IMMEDIATE = 0x08;

    private DataChunk() {}

    public static int tsn(byte[] b, int off) {
        return Bytes.i32(b, off + 4);
    }

    public static int streamId(byte[] b, int off) {
        return Bytes.u16(b, off + 8);
    }

    public static int ssn(byte[] b, int off) {
        return Bytes.u16(b, off + 10);
    }

    public static int ppid(byte[] b, int off) {
        return Bytes.i32(b, off + 12);
    }

    /**
     * Writes a DATA chunk, copying {@code len} bytes of user data from {@code src}; returns its padded size.
     */
    public static int write(byte[] b, int off, int flags, int tsn, int streamId, int ssn, int ppid,
                            byte[] src, int srcOff, int len) {
        int length = HEADER_SIZE + len;
        Chunk.writeHeader(b, off, Chunk.DATA, flags, length);
        Bytes.put32(b, off + 4, tsn);
        Bytes.put16(b, off + 8, streamId);
        Bytes.put16(b, off + 10, ssn);
        Bytes.put32(b, off + 12, ppid);
        System.arraycopy(src, srcOff, b, off + HEADER_SIZE, len);
        return Bytes.pad(b, off, length);
    }

    /** The size a DATA chunk with {@code len} bytes of user data takes in a packet, padding included. */
    public static int sizeOnWire(int len) {
        return Bytes.padded(HEADER_SIZE + len);
    }
}

package dev.robusta.sctp.wire;

/**
 * FORWARD TSN (RFC 3758 section 3.2): tells the receiver to move its cumulative TSN to {@code newCumulativeTsn},
 * and, per ordered stream, the largest stream sequence number skipped.
 *
 * <pre>
 *  type=192 | flags=0 | length
 *  new cumulative TSN (32)
 *  stream (16) | stream sequence (16)   ...
 * </pre>
 */
public final class ForwardTsnChunk {
    public static final int FIXED_SIZE = 8;

    private ForwardTsnChunk() {}

    /** Checks the length; returns the number of stream entries. */
    public static int entries(byte[] b, int off, int len) throws SctpParseException {
        if (len < FIXED_SIZE || (len - FIXED_SIZE) % 4 != 0) {
            throw new SctpParseException("FORWARD-TSN length " + len + " is invalid");
        }
        return (len - FIXED_SIZE) / 4;
    }

    public static int newCumulativeTsn(byte[] b, int off) {
        return Bytes.i32(b, off + 4);
    }

    public static int stream(byte[] b, int off, int entry) {
        return Bytes.u16(b, off + FIXED_SIZE + 4 * entry);
    }

    public static int ssn(byte[] b, int off, int entry) {
        return Bytes.u16(b, off + FIXED_SIZE + 4 * entry + 2);
    }

    /** Writes the fixed part for {@code entries} stream entries; the caller fills them with {@link #putEntry}. */
    public static int writeFixed(byte[] b, int off, int newCumulativeTsn, int entries) {
        int len = FIXED_SIZE + 4 * entries;
        Chunk.writeHeader(b, off, Chunk.FORWARD_TSN, 0, len);
        Bytes.put32(b, off + 4, newCumulativeTsn);
        return len;
    }

    public static void putEntry(byte[] b, int off, int entry, int stream, int ssn) {
        Bytes.put16(b, off + FIXED_SIZE + 4 * entry, stream);
        Bytes.put16(b, off + FIXED_SIZE + 4 * entry + 2, ssn);
    }
}

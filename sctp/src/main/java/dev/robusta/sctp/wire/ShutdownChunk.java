package dev.robusta.sctp.wire;

/** SHUTDOWN (RFC 9260 section 3.3.8): starts a graceful close and acknowledges data up to a cumulative TSN. */
public final class ShutdownChunk {
    public static final int SIZE = 8;

    private ShutdownChunk() {}

    public static int cumulativeTsnAck(byte[] b, int off, int len) throws SctpParseException {
        if (len != SIZE) {
            throw new SctpParseException("SHUTDOWN length " + len + " is not 8");
        }
        return Bytes.i32(b, off + 4);
    }

    public static int write(byte[] b, int off, int cumulativeTsnAck) {
        Chunk.writeHeader(b, off, Chunk.SHUTDOWN, 0, SIZE);
        Bytes.put32(b, off + 4, cumulativeTsnAck);
        return SIZE;
    }
}

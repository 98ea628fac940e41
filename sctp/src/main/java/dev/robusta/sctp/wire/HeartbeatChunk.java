package dev.robusta.sctp.wire;

import java.util.Arrays;

/**
 * HEARTBEAT and HEARTBEAT ACK (RFC 9260 sections 3.3.5, 3.3.6): one Heartbeat Info parameter whose content only
 * its sender understands; the ACK echoes it unchanged.
 */
public final class HeartbeatChunk {
    private HeartbeatChunk() {}

    /**
     * The Heartbeat Info parameter (the whole TLV) of a HEARTBEAT or HEARTBEAT ACK of {@code len} bytes.
     *
     * @throws SctpParseException when the chunk does not hold a Heartbeat Info parameter
     */
    public static byte[] info(byte[] b, int off, int len) throws SctpParseException {
        int end = off + len;
        int p = off + Chunk.HEADER_SIZE;
        int plen = Parameter.checkedLength(b, p, end, Chunk.name(Chunk.type(b, off)));
        if (Parameter.type(b, p) != Parameter.HEARTBEAT_INFO) {
            throw new SctpParseException("HEARTBEAT without Heartbeat Info parameter");
        }
        return Arrays.copyOfRange(b, p, p + plen);
    }

    /** Writes a HEARTBEAT whose info holds {@code value}. */
    public static int writeRequest(byte[] b, int off, byte[] value) {
        Parameter.writeHeader(b, off + 4, Parameter.HEARTBEAT_INFO, 4 + value.length);
        System.arraycopy(value, 0, b, off + 8, value.length);
        int len = 8 + value.length;
        Chunk.writeHeader(b, off, Chunk.HEARTBEAT, 0, len);
        return Bytes.pad(b, off, len);
    }

    /** Writes a HEARTBEAT ACK echoing {@code infoTlv} (as returned by {@link #info}). */
    public static int writeAck(byte[] b, int off, byte[] infoTlv) {
        System.arraycopy(infoTlv, 0, b, off + 4, infoTlv.length);
        int len = 4 + infoTlv.length;
        Chunk.writeHeader(b, off, Chunk.HEARTBEAT_ACK, 0, len);
        return Bytes.pad(b, off, len);
    }
}

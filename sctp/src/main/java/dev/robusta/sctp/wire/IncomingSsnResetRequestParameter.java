package dev.robusta.sctp.wire;

/**
 * Incoming SSN Reset Request (RFC 6525 section 4.2): the sender asks its peer to reset the peer's outgoing streams.
 *
 * <pre>
 *  type=14 | length
 *  re-configuration request sequence number (32)
 *  stream number 1 (16) ...
 * </pre>
 */
public record IncomingSsnResetRequestParameter(int requestSeq, int[] streams) implements ReconfigParameter {
    public static final int FIXED_SIZE = 8;

    public static IncomingSsnResetRequestParameter parse(byte[] b, int off, int len) throws SctpParseException {
        if (len < FIXED_SIZE || (len - FIXED_SIZE) % 2 != 0) {
            throw new SctpParseException("Incoming SSN Reset Request length " + len + " is invalid");
        }
        int[] streams = new int[(len - FIXED_SIZE) / 2];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = Bytes.u16(b, off + FIXED_SIZE + 2 * i);
        }
        return new IncomingSsnResetRequestParameter(Bytes.i32(b, off + 4), streams);
    }

    public int size() {
        return Bytes.padded(FIXED_SIZE + 2 * streams.length);
    }

    public int write(byte[] b, int off) {
        int len = FIXED_SIZE + 2 * streams.length;
        Parameter.writeHeader(b, off, Parameter.INCOMING_SSN_RESET_REQUEST, len);
        Bytes.put32(b, off + 4, requestSeq);
        for (int i = 0; i < streams.length; i++) {
            Bytes.put16(b, off + FIXED_SIZE + 2 * i, streams[i]);
        }
        return Bytes.pad(b, off, len);
    }
}

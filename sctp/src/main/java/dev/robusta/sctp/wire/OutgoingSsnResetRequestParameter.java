package dev.robusta.sctp.wire;

/**
 * Outgoing SSN Reset Request (RFC 6525 section 4.1): the sender resets its outgoing streams (all, when the list is
 * empty) after the TSN {@code senderLastAssignedTsn}; the receiver resets the matching incoming streams once it
 * has received everything up to it.
 *
 * <pre>
 *  type=13 | length
 *  re-configuration request sequence number (32)
 *  re-configuration response sequence number (32)
 *  sender's last assigned TSN (32)
 *  stream number 1 (16) | stream number 2 (16) ...
 * </pre>
 */
public record OutgoingSsnResetRequestParameter(int requestSeq, int responseSeq, int senderLastAssignedTsn,
                                               int[] streams) implements ReconfigParameter {
    public static final int FIXED_SIZE = 16;

    public static OutgoingSsnResetRequestParameter parse(byte[] b, int off, int len) throws SctpParseException {
        if (len < FIXED_SIZE || (len - FIXED_SIZE) % 2 != 0) {
            throw new SctpParseException("Outgoing SSN Reset Request length " + len + " is invalid");
        }
        int[] streams = new int[(len - FIXED_SIZE) / 2];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = Bytes.u16(b, off + FIXED_SIZE + 2 * i);
        }
        return new OutgoingSsnResetRequestParameter(Bytes.i32(b, off + 4), Bytes.i32(b, off + 8),
                Bytes.i32(b, off + 12), streams);
    }

    public int size() {
        return Bytes.padded(FIXED_SIZE + 2 * streams.length);
    }

    public int write(byte[] b, int off) {
        int len = FIXED_SIZE + 2 * streams.length;
        Parameter.writeHeader(b, off, Parameter.OUTGOING_SSN_RESET_REQUEST, len);
        Bytes.put32(b, off + 4, requestSeq);
        Bytes.put32(b, off + 8, responseSeq);
        Bytes.put32(b, off + 12, senderLastAssignedTsn);
        for (int i = 0; i < streams.length; i++) {
            Bytes.put16(b, off + FIXED_SIZE + 2 * i, streams[i]);
        }
        return Bytes.pad(b, off, len);
    }
}

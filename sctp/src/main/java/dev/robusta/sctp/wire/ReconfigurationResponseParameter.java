package dev.robusta.sctp.wire;

/**
 * Re-configuration Response (RFC 6525 section 4.4). The optional TSN fields (for SSN/TSN reset) are not used.
 *
 * <pre>
 *  type=16 | length
 *  re-configuration response sequence number (32)
 *  result (32)
 * </pre>
 */
public record ReconfigurationResponseParameter(int responseSeq, int result) implements ReconfigParameter {
    public static final int SIZE = 12;

    public static final int SUCCESS_NOTHING_TO_DO = 0;
    public static final int SUCCESS_PERFORMED = 1;
    public static final int DENIED = 2;
    public static final int ERROR_WRONG_SSN = 3;
    public static final int ERROR_REQUEST_ALREADY_IN_PROGRESS = 4;
    public static final int ERROR_BAD_SEQUENCE_NUMBER = 5;
    public static final int IN_PROGRESS = 6;

    public static ReconfigurationResponseParameter parse(byte[] b, int off, int len) throws SctpParseException {
        if (len != SIZE && len != 20) {
            throw new SctpParseException("Re-configuration Response length " + len + " is invalid");
        }
        return new ReconfigurationResponseParameter(Bytes.i32(b, off + 4), Bytes.i32(b, off + 8));
    }

    public int write(byte[] b, int off) {
        Parameter.writeHeader(b, off, Parameter.RECONFIGURATION_RESPONSE, SIZE);
        Bytes.put32(b, off + 4, responseSeq);
        Bytes.put32(b, off + 8, result);
        return SIZE;
    }
}

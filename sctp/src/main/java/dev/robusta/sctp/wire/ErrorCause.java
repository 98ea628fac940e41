package dev.robusta.sctp.wire;

import java.nio.charset.StandardCharsets;

/**
 * Error causes carried by ERROR and ABORT (RFC 9260 section 3.3.10): code (16), length (16), information.
 *
 * @param code        the cause code
 * @param information the cause-specific information (without the TLV header)
 */
public record ErrorCause(int code, byte[] information) {
    public static final int INVALID_STREAM_IDENTIFIER = 1;
    public static final int MISSING_MANDATORY_PARAMETER = 2;
    public static final int STALE_COOKIE = 3;
    public static final int OUT_OF_RESOURCE = 4;
    public static final int UNRESOLVABLE_ADDRESS = 5;
    public static final int UNRECOGNIZED_CHUNK_TYPE = 6;
    public static final int INVALID_MANDATORY_PARAMETER = 7;
    public static final int UNRECOGNIZED_PARAMETERS = 8;
    public static final int NO_USER_DATA = 9;
    public static final int COOKIE_WHILE_SHUTTING_DOWN = 10;
    public static final int RESTART_WITH_NEW_ADDRESSES = 11;
    public static final int USER_INITIATED_ABORT = 12;
    public static final int PROTOCOL_VIOLATION = 13;

    public static ErrorCause of(int code, String text) {
        return new ErrorCause(code, text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes this cause takes, padded. */
    public int size() {
        return Bytes.padded(4 + information.length);
    }

    public int write(byte[] b, int off) {
        Parameter.writeHeader(b, off, code, 4 + information.length);
        System.arraycopy(information, 0, b, off + 4, information.length);
        return Bytes.pad(b, off, 4 + information.length);
    }

    /** Parses the causes of an ERROR or ABORT chunk of {@code len} bytes at {@code off}. */
    public static java.util.List<ErrorCause> parseAll(byte[] b, int off, int len) throws SctpParseException {
        java.util.List<ErrorCause> causes = new java.util.ArrayList<>(1);
        int end = off + len;
        int p = off + Chunk.HEADER_SIZE;
        while (p + Parameter.HEADER_SIZE <= end) {
            int plen = Parameter.checkedLength(b, p, end, "error cause");
            causes.add(new ErrorCause(Parameter.type(b, p), java.util.Arrays.copyOfRange(b, p + 4, p + plen)));
            p += Bytes.padded(plen);
        }
        return causes;
    }

    public static String name(int code) {
        switch (code) {
            case INVALID_STREAM_IDENTIFIER: return "Invalid Stream Identifier";
            case MISSING_MANDATORY_PARAMETER: return "Missing Mandatory Parameter";
            case STALE_COOKIE: return "Stale Cookie Error";
            case OUT_OF_RESOURCE: return "Out of Resource";
            case UNRESOLVABLE_ADDRESS: return "Unresolvable Address";
            case UNRECOGNIZED_CHUNK_TYPE: return "Unrecognized Chunk Type";
            case INVALID_MANDATORY_PARAMETER: return "Invalid Mandatory Parameter";
            case UNRECOGNIZED_PARAMETERS: return "Unrecognized Parameters";
            case NO_USER_DATA: return "No User Data";
            case COOKIE_WHILE_SHUTTING_DOWN: return "Cookie Received While Shutting Down";
            case RESTART_WITH_NEW_ADDRESSES: return "Restart of an Association with New Addresses";
            case USER_INITIATED_ABORT: return "User-Initiated Abort";
            case PROTOCOL_VIOLATION: return "Protocol Violation";
            default: return "cause " + code;
        }
    }

    @Override
    public String toString() {
        boolean text = code == USER_INITIATED_ABORT || code == PROTOCOL_VIOLATION;
        return name(code) + (text && information.length > 0
                ? ": " + new String(information, StandardCharsets.UTF_8) : "");
    }
}

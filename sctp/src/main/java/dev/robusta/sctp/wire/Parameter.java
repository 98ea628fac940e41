package dev.robusta.sctp.wire;

/**
 * Parameter types and the TLV header shared by INIT/INIT-ACK parameters, RE-CONFIG parameters and error causes
 * (RFC 9260 section 3.2.1): type (16), length (16, without padding), value padded to 4 bytes.
 */
public final class Parameter {
    public static final int HEADER_SIZE = 4;

    public static final int HEARTBEAT_INFO = 1;
    public static final int IPV4_ADDRESS = 5;
    public static final int IPV6_ADDRESS = 6;
    public static final int STATE_COOKIE = 7;
    public static final int UNRECOGNIZED_PARAMETER = 8;
    public static final int COOKIE_PRESERVATIVE = 9;
    public static final int HOST_NAME_ADDRESS = 11;
    public static final int SUPPORTED_ADDRESS_TYPES = 12;
    /** RFC 6525. */
    public static final int OUTGOING_SSN_RESET_REQUEST = 13;
    public static final int INCOMING_SSN_RESET_REQUEST = 14;
    public static final int SSN_TSN_RESET_REQUEST = 15;
    public static final int RECONFIGURATION_RESPONSE = 16;
    public static final int ADD_OUTGOING_STREAMS_REQUEST = 17;
    public static final int ADD_INCOMING_STREAMS_REQUEST = 18;
    public static final int ECN_CAPABLE = 0x8000;
    /** RFC 9653 zero checksum acceptable. We do not offer it, so a peer keeps sending CRC32c. */
    public static final int ZERO_CHECKSUM_ACCEPTABLE = 0x8001;
    /** RFC 5061. */
    public static final int SUPPORTED_EXTENSIONS = 0x8008;
    /** RFC 3758. */
    public static final int FORWARD_TSN_SUPPORTED = 0xC000;

    private Parameter() {}

    public static int type(byte[] b, int off) {
        return Bytes.u16(b, off);
    }

    public static int length(byte[] b, int off) {
        return Bytes.u16(b, off + 2);
    }

    public static void writeHeader(byte[] b, int off, int type, int length) {
        Bytes.put16(b, off, type);
        Bytes.put16(b, off + 2, length);
    }

    /** For an unrecognized parameter type: skip it (bit 15) rather than stop processing the chunk (RFC 9260 3.2.1). */
    public static boolean skipUnrecognized(int type) {
        return (type & 0x8000) != 0;
    }

    /** For an unrecognized parameter type: report it (bit 14). */
    public static boolean reportUnrecognized(int type) {
        return (type & 0x4000) != 0;
    }

    /**
     * Checks that a TLV at {@code off} fits in {@code end}; returns its length (unpadded).
     *
     * @throws SctpParseException when the header or the value is truncated or the length is below the header size
     */
    public static int checkedLength(byte[] b, int off, int end, String what) throws SctpParseException {
        if (end - off < HEADER_SIZE) {
            throw new SctpParseException(what + ": truncated parameter header");
        }
        int len = length(b, off);
        if (len < HEADER_SIZE || len > end - off) {
            throw new SctpParseException(what + ": parameter length " + len + " does not fit " + (end - off));
        }
        return len;
    }
}

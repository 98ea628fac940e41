package dev.robusta.sctp.wire;

/**
 * Chunk types and the chunk header (RFC 9260 section 3.2): type (8), flags (8), length (16, without padding),
 * then the value, padded to 4 bytes.
 */
public final class Chunk {
    public static final int HEADER_SIZE = 4;

    public static final int DATA = 0;
    public static final int INIT = 1;
    public static final int INIT_ACK = 2;
    public static final int SACK = 3;
    public static final int HEARTBEAT = 4;
    public static final int HEARTBEAT_ACK = 5;
    public static final int ABORT = 6;
    public static final int SHUTDOWN = 7;
    public static final int SHUTDOWN_ACK = 8;
    public static final int ERROR = 9;
    public static final int COOKIE_ECHO = 10;
    public static final int COOKIE_ACK = 11;
    public static final int SHUTDOWN_COMPLETE = 14;
    /** RFC 8260 I-DATA: not negotiated by us, so never received from a conforming peer. */
    public static final int I_DATA = 64;
    /** RFC 6525 RE-CONFIG. */
    public static final int RE_CONFIG = 130;
    /** RFC 4820 PAD. */
    public static final int PAD = 132;
    /** RFC 3758 FORWARD TSN. */
    public static final int FORWARD_TSN = 192;
    /** RFC 8260 I-FORWARD-TSN. */
    public static final int I_FORWARD_TSN = 194;

    private Chunk() {}

    public static int type(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int flags(byte[] b, int off) {
        return b[off + 1] & 0xFF;
    }

    public static int length(byte[] b, int off) {
        return Bytes.u16(b, off + 2);
    }

    /** Writes a chunk header. */
    public static void writeHeader(byte[] b, int off, int type, int flags, int length) {
        b[off] = (byte) type;
        b[off + 1] = (byte) flags;
        Bytes.put16(b, off + 2, length);
    }

    /**
     * What to do with an unrecognized chunk type, from its two highest bits (RFC 9260 section 3.2): 00 stop and
     * discard the packet; 01 also report it in an ERROR; 10 skip it; 11 skip it and report it.
     */
    public static boolean skipUnrecognized(int type) {
        return (type & 0x80) != 0;
    }

    public static boolean reportUnrecognized(int type) {
        return (type & 0x40) != 0;
    }

    public static String name(int type) {
        switch (type) {
            case DATA: return "DATA";
            case INIT: return "INIT";
            case INIT_ACK: return "INIT-ACK";
            case SACK: return "SACK";
            case HEARTBEAT: return "HEARTBEAT";
            case HEARTBEAT_ACK: return "HEARTBEAT-ACK";
            case ABORT: return "ABORT";
            case SHUTDOWN: return "SHUTDOWN";
            case SHUTDOWN_ACK: return "SHUTDOWN-ACK";
            case ERROR: return "ERROR";
            case COOKIE_ECHO: return "COOKIE-ECHO";
            case COOKIE_ACK: return "COOKIE-ACK";
            case SHUTDOWN_COMPLETE: return "SHUTDOWN-COMPLETE";
            case I_DATA: return "I-DATA";
            case RE_CONFIG: return "RE-CONFIG";
            case PAD: return "PAD";
            case FORWARD_TSN: return "FORWARD-TSN";
            case I_FORWARD_TSN: return "I-FORWARD-TSN";
            default: return "chunk type " + type;
        }
    }
}

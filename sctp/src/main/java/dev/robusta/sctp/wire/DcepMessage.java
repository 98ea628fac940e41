package dev.robusta.sctp.wire;

import java.nio.charset.StandardCharsets;

/**
 * Data Channel Establishment Protocol messages (RFC 8832 section 5), sent with PPID 50.
 *
 * <pre>
 *  DATA_CHANNEL_OPEN: type=0x03 (8) | channel type (8) | priority (16) | reliability parameter (32)
 *                     label length (16) | protocol length (16) | label | protocol
 *  DATA_CHANNEL_ACK:  type=0x02 (8)
 * </pre>
 *
 * @param channelType          {@link #RELIABLE} etc., with {@link #UNORDERED_BIT}
 * @param priority             the channel's priority (RFC 8832 section 5.1; W3C: 128 very-low ... 512 high)
 * @param reliabilityParameter maxRetransmits or maxPacketLifeTime (ms), by channel type
 */
public record DcepMessage(int channelType, int priority, long reliabilityParameter, String label, String protocol) {
    public static final int PPID = 50;
    public static final int DATA_CHANNEL_ACK = 0x02;
    public static final int DATA_CHANNEL_OPEN = 0x03;

    public static final int RELIABLE = 0x00;
    public static final int PARTIAL_RELIABLE_REXMIT = 0x01;
    public static final int PARTIAL_RELIABLE_TIMED = 0x02;
    public static final int UNORDERED_BIT = 0x80;

    public boolean unordered() {
        return (channelType & UNORDERED_BIT) != 0;
    }

    /** The reliability kind without the unordered bit. */
    public int reliability() {
        return channelType & 0x7F;
    }

    /**
     * Parses a DATA_CHANNEL_OPEN.
     *
     * @throws SctpParseException when it is not an OPEN, is truncated, or its channel type is unknown
     */
    public static DcepMessage parseOpen(byte[] b, int off, int len) throws SctpParseException {
        if (len < 12 || (b[off] & 0xFF) != DATA_CHANNEL_OPEN) {
            throw new SctpParseException("not a DATA_CHANNEL_OPEN");
        }
        int type = b[off + 1] & 0xFF;
        if ((type & 0x7F) > PARTIAL_RELIABLE_TIMED) {
            throw new SctpParseException("unknown data channel type " + type);
        }
        int labelLen = Bytes.u16(b, off + 8);
        int protocolLen = Bytes.u16(b, off + 10);
        if (12 + labelLen + protocolLen > len) {
            throw new SctpParseException("DATA_CHANNEL_OPEN label/protocol lengths exceed the message");
        }
        String label = new String(b, off + 12, labelLen, StandardCharsets.UTF_8);
        String protocol = new String(b, off + 12 + labelLen, protocolLen, StandardCharsets.UTF_8);
        return new DcepMessage(type, Bytes.u16(b, off + 2), Bytes.u32(b, off + 4), label, protocol);
    }

    /** Encodes this as a DATA_CHANNEL_OPEN. */
    public byte[] encodeOpen() {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
        if (l.length > 0xFFFF || p.length > 0xFFFF) {
            throw new IllegalArgumentException("label or protocol longer than 65535 bytes");
        }
        byte[] b = new byte[12 + l.length + p.length];
        b[0] = DATA_CHANNEL_OPEN;
        b[1] = (byte) channelType;
        Bytes.put16(b, 2, priority);
        Bytes.put32(b, 4, reliabilityParameter);
        Bytes.put16(b, 8, l.length);
        Bytes.put16(b, 10, p.length);
        System.arraycopy(l, 0, b, 12, l.length);
        System.arraycopy(p, 0, b, 12 + l.length, p.length);
        return b;
    }

    public static byte[] encodeAck() {
        return new byte[] {DATA_CHANNEL_ACK};
    }
}

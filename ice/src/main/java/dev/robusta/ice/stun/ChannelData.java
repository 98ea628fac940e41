package dev.robusta.ice.stun;

import dev.robusta.ice.stun.StunException.Reason;

/**
 * TURN ChannelData framing (RFC 8656 section 12.4): a 4-byte header (channel number 0x4000-0x4FFF, length),
 * then the application data, padded to 4 bytes over UDP.
 */
public final class ChannelData {
    public static final int HEADER_LENGTH = 4;
    public static final int MIN_CHANNEL = 0x4000;
    public static final int MAX_CHANNEL = 0x4FFF;

    private ChannelData() {}

    /** First byte 64..79 (RFC 7983: TURN channel). */
    public static boolean looksLikeChannelData(byte[] data, int offset, int length) {
        return length >= HEADER_LENGTH && (data[offset] & 0xF0) == 0x40;
    }

    /** The channel number, after checking that the announced length fits the datagram. */
    public static int channel(byte[] data, int offset, int length) throws StunException {
        if (length < HEADER_LENGTH) {
            throw new StunException(Reason.BAD_CHANNEL_DATA, "ChannelData shorter than its header");
        }
        int channel = StunMessage.readShort(data, offset);
        if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) {
            throw new StunException(Reason.BAD_CHANNEL_DATA, String.format("channel 0x%04X out of range", channel));
        }
        if (payloadLength(data, offset) > length - HEADER_LENGTH) {
            throw new StunException(Reason.BAD_CHANNEL_DATA, "ChannelData announces " + payloadLength(data, offset)
                    + " bytes, datagram has " + (length - HEADER_LENGTH));
        }
        return channel;
    }

    /** The announced payload length (without padding). */
    public static int payloadLength(byte[] data, int offset) {
        return StunMessage.readShort(data, offset + 2);
    }

    /** Writes the header for {@code payloadLength} bytes; returns the padded frame length. */
    public static int writeHeader(byte[] target, int offset, int channel, int payloadLength) {
        target[offset] = (byte) (channel >>> 8);
        target[offset + 1] = (byte) channel;
        target[offset + 2] = (byte) (payloadLength >>> 8);
        target[offset + 3] = (byte) payloadLength;
        return HEADER_LENGTH + ((payloadLength + 3) & ~3);
    }
}

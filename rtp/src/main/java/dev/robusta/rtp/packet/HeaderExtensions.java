package dev.robusta.rtp.packet;

import java.nio.charset.StandardCharsets;

/**
 * Readers of the well-known header extension values in an {@link RtpPacket}, by the ids of a
 * {@link HeaderExtensionMap}. The numeric readers allocate nothing and return -1 when the element is absent,
 * not negotiated, or of the wrong size (a peer's bad element is ignored, as RFC 8285 section 4.1 allows).
 */
public final class HeaderExtensions {
    private HeaderExtensions() {}

    /** abs-send-time: 24-bit 6.18 fixed-point seconds, or -1. */
    public static int absSendTime(RtpPacket p, HeaderExtensionMap map) {
        int at = p.findExtension(map.absSendTime());
        if (at < 0 || p.foundExtensionLength() != 3) {
            return -1;
        }
        byte[] b = p.buffer();
        return ((b[at] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at + 2] & 0xFF);
    }

    /** transport-wide-cc: the 16-bit transport-wide sequence number, or -1. */
    public static int transportSequenceNumber(RtpPacket p, HeaderExtensionMap map) {
        int at = p.findExtension(map.transportWideCc());
        if (at < 0 || p.foundExtensionLength() != 2) {
            return -1;
        }
        byte[] b = p.buffer();
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    /**
     * RFC 6464 audio level: bit 7 is the voice-activity flag, bits 0-6 the level in -dBov (0 loudest, 127
     * silence); returned as the raw byte, or -1.
     */
    public static int audioLevelByte(RtpPacket p, HeaderExtensionMap map) {
        int at = p.findExtension(map.audioLevel());
        if (at < 0 || p.foundExtensionLength() < 1) {
            return -1;
        }
        return p.buffer()[at] & 0xFF;
    }

    /** Level in -dBov (0-127) from an {@link #audioLevelByte}. */
    public static int audioLevelDbov(int levelByte) {
        return levelByte & 0x7F;
    }

    /** Voice activity flag from an {@link #audioLevelByte}. */
    public static boolean voiceActivity(int levelByte) {
        return (levelByte & 0x80) != 0;
    }

    /**
     * 3GPP TS 26.114 video orientation (CVO) byte: bits 0-1 rotation in 90-degree steps, bit 2 horizontal flip,
     * bit 3 camera (back); or -1.
     */
    public static int videoOrientation(RtpPacket p, HeaderExtensionMap map) {
        int at = p.findExtension(map.videoOrientation());
        if (at < 0 || p.foundExtensionLength() < 1) {
            return -1;
        }
        return p.buffer()[at] & 0xFF;
    }

    /** Rotation in degrees (0, 90, 180, 270) from a {@link #videoOrientation} byte. */
    public static int rotationDegrees(int cvo) {
        return (cvo & 0x03) * 90;
    }

    /** RFC 8843 MID, or null (allocates the string). */
    public static String mid(RtpPacket p, HeaderExtensionMap map) {
        return text(p, map.mid());
    }

    /** RFC 8852 RtpStreamId (rid), or null (allocates the string). */
    public static String rtpStreamId(RtpPacket p, HeaderExtensionMap map) {
        return text(p, map.rtpStreamId());
    }

    /** RFC 8852 RepairedRtpStreamId, or null (allocates the string). */
    public static String repairedRtpStreamId(RtpPacket p, HeaderExtensionMap map) {
        return text(p, map.repairedRtpStreamId());
    }

    /**
     * True if text element {@code id} equals {@code expected} (ASCII), without allocating; demultiplexing by
     * MID or rid on every packet uses this.
     */
    public static boolean textEquals(RtpPacket p, int id, String expected) {
        int at = p.findExtension(id);
        if (at < 0) {
            return false;
        }
        int n = trimmedLength(p.buffer(), at, p.foundExtensionLength());
        if (n != expected.length()) {
            return false;
        }
        byte[] b = p.buffer();
        for (int i = 0; i < n; i++) {
            if ((b[at + i] & 0xFF) != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String text(RtpPacket p, int id) {
        int at = p.findExtension(id);
        if (at < 0) {
            return null;
        }
        return new String(p.buffer(), at, trimmedLength(p.buffer(), at, p.foundExtensionLength()),
                StandardCharsets.US_ASCII);
    }

    // SDES-item extensions carry no terminator, but some senders pad with NULs; those are not part of the value.
    private static int trimmedLength(byte[] b, int at, int n) {
        while (n > 0 && b[at + n - 1] == 0) {
            n--;
        }
        return n;
    }
}

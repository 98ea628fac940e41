package dev.robusta.peer.media;

import java.util.Locale;

/**
 * One negotiated codec of an m-section: its RTP payload type and format (RFC 8866 a=rtpmap), with the payload
 * type of its RTX stream (RFC 4588 {@code apt}), or -1 when RTX was not negotiated for it.
 *
 * @param name           the encoding name as in a=rtpmap: VP8, H264, opus, PCMU, PCMA
 * @param payloadType    0-127
 * @param clockRate      the RTP clock rate in Hz
 * @param channels       audio channels (1 when absent), 0 for video
 * @param rtxPayloadType the payload type of its retransmissions, or -1
 */
public record RtpCodec(String name, int payloadType, int clockRate, int channels, int rtxPayloadType) {
    public RtpCodec {
        if (payloadType < 0 || payloadType > 127 || rtxPayloadType > 127 || rtxPayloadType == payloadType) {
            throw new IllegalArgumentException("bad payload types " + payloadType + "/" + rtxPayloadType);
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        if (kindOf(name) == null) {
            throw new IllegalArgumentException("unsupported codec " + name + " (VP8, H264, opus, PCMU, PCMA)");
        }
    }

    public static RtpCodec vp8(int payloadType, int rtxPayloadType) {
        return new RtpCodec("VP8", payloadType, 90_000, 0, rtxPayloadType);
    }

    public static RtpCodec h264(int payloadType, int rtxPayloadType) {
        return new RtpCodec("H264", payloadType, 90_000, 0, rtxPayloadType);
    }

    public static RtpCodec opus(int payloadType) {
        return new RtpCodec("opus", payloadType, 48_000, 2, -1);
    }

    public static RtpCodec pcmu() {
        return new RtpCodec("PCMU", 0, 8_000, 1, -1);
    }

    public static RtpCodec pcma() {
        return new RtpCodec("PCMA", 8, 8_000, 1, -1);
    }

    /** "audio" or "video". */
    public String kind() {
        return kindOf(name);
    }

    public boolean isVideo() {
        return "video".equals(kind());
    }

    private static String kindOf(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "VP8", "H264" -> "video";
            case "OPUS", "PCMU", "PCMA" -> "audio";
            default -> null;
        };
    }
}

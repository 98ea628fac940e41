package dev.robusta.dtls;

import java.nio.ByteBuffer;

/**
 * What a datagram on a WebRTC 5-tuple is, told by its first byte (RFC 7983 section 7, with RFC 5761 for
 * telling RTCP from RTP once the first byte says RTP/RTCP).
 */
public enum PacketKind {
    STUN, ZRTP, DTLS, TURN_CHANNEL, RTP, RTCP, UNKNOWN;

    /** Classifies a datagram; an empty one is {@link #UNKNOWN}. */
    public static PacketKind of(byte[] data, int offset, int length) {
        if (length <= 0) {
            return UNKNOWN;
        }
        return classify(data[offset] & 0xff, length >= 2 ? data[offset + 1] & 0xff : -1);
    }

    /** Classifies the remaining bytes of a buffer without moving its position. */
    public static PacketKind of(ByteBuffer data) {
        int length = data.remaining();
        if (length <= 0) {
            return UNKNOWN;
        }
        int position = data.position();
        return classify(data.get(position) & 0xff, length >= 2 ? data.get(position + 1) & 0xff : -1);
    }

    private static PacketKind classify(int first, int second) {
        if (first <= 3) {
            return STUN;
        }
        if (first >= 16 && first <= 19) {
            return ZRTP;
        }
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 64 && first <= 79) {
            return TURN_CHANNEL;
        }
        if (first >= 128 && first <= 191) {
            if (second < 0) {
                return UNKNOWN;
            }
            // RFC 5761 section 4: RTCP packet types 192-223 are payload types 64-95 once the marker bit is masked.
            int payloadType = second & 0x7f;
            return payloadType >= 64 && payloadType <= 95 ? RTCP : RTP;
        }
        return UNKNOWN;
    }
}

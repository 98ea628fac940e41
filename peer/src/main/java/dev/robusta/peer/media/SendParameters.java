package dev.robusta.peer.media;

import dev.robusta.rtp.packet.HeaderExtensionMap;
import java.util.Objects;

/**
 * What one of our senders puts on the wire, as negotiated: its media section, SSRCs, codec and header
 * extensions (ids as the offer numbered them).
 *
 * @param mid        the m-section's mid, sent in the MID extension when it is negotiated
 * @param ssrc       the media SSRC
 * @param rtxSsrc    the RTX SSRC, or -1 when the codec has no RTX
 * @param codec      the codec frames are encoded in
 * @param extensions header extensions to write: mid, abs-send-time, transport-wide-cc where negotiated
 */
public record SendParameters(String mid, long ssrc, long rtxSsrc, RtpCodec codec, HeaderExtensionMap extensions) {
    public SendParameters {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(extensions, "extensions");
        if (mid.isEmpty() || mid.length() > 16 || !mid.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            // RFC 8843 allows longer ones, but every stack uses a few characters, and 16 bytes is what a one-byte
            // header extension carries.
            throw new IllegalArgumentException("mid must be 1-16 printable ASCII characters: '" + mid + "'");
        }
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL || rtxSsrc > 0xFFFF_FFFFL || rtxSsrc == ssrc) {
            throw new IllegalArgumentException("bad SSRCs " + ssrc + "/" + rtxSsrc);
        }
        if ((rtxSsrc >= 0) != (codec.rtxPayloadType() >= 0)) {
            throw new IllegalArgumentException("an RTX SSRC needs an RTX payload type and the other way round");
        }
    }
}

package dev.robusta.peer.media;

import dev.robusta.rtp.packet.HeaderExtensionMap;
import java.util.List;
import java.util.Objects;

/**
 * What one of our receivers accepts: its media section, the codecs negotiated for it, the header extensions the
 * peer writes, and the SSRCs it signalled (a=ssrc), if any. Packets find their receiver as RFC 8843 9.2 says:
 * by SSRC once known, else by the MID extension, else by payload type when only one receiver has it.
 *
 * @param mid         the m-section's mid
 * @param codecs      the payload types the peer may send here (with their RTX payload types)
 * @param extensions  the ids the peer's packets carry
 * @param ssrc        the media SSRC the peer signalled, or -1
 * @param rtxSsrc     the RTX SSRC the peer signalled (a=ssrc-group:FID), or -1
 */
public record ReceiveParameters(String mid, List<RtpCodec> codecs, HeaderExtensionMap extensions, long ssrc,
                                long rtxSsrc) {
    public ReceiveParameters {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(extensions, "extensions");
        codecs = List.copyOf(codecs);
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException("a receiver needs at least one codec");
        }
        if (codecs.stream().map(RtpCodec::kind).distinct().count() != 1) {
            throw new IllegalArgumentException("one receiver takes one kind of media: " + codecs);
        }
    }

    /** The codec of a media payload type, or null. */
    public RtpCodec codec(int payloadType) {
        for (RtpCodec c : codecs) {
            if (c.payloadType() == payloadType) {
                return c;
            }
        }
        return null;
    }

    /** The codec whose RTX payload type this is, or null. */
    public RtpCodec codecOfRtx(int payloadType) {
        for (RtpCodec c : codecs) {
            if (c.rtxPayloadType() == payloadType) {
                return c;
            }
        }
        return null;
    }
}

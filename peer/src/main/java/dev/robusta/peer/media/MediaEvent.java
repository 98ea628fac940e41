package dev.robusta.peer.media;

/** What a {@link MediaSession} reports to the connection. */
public sealed interface MediaEvent {
    /**
     * A whole encoded frame from a receiver: depayloaded, in order, its packets recovered or the frame skipped.
     *
     * @param mid       the receiver's media section
     * @param ssrc      the sending source
     * @param codec     its codec
     * @param data      the frame (its own array)
     * @param timestamp its RTP timestamp
     * @param keyframe  whether it starts a decodable sequence (always true for audio)
     */
    record FrameReceived(String mid, long ssrc, RtpCodec codec, byte[] data, long timestamp, boolean keyframe)
            implements MediaEvent {}

    /** The peer asked one of our senders for a key frame (PLI or FIR). */
    record KeyframeRequested(String mid, long ssrc) implements MediaEvent {}

    /** A remote source left (RTCP BYE) or went silent past the RFC 3550 timeout. */
    record SourceEnded(long ssrc, boolean bye) implements MediaEvent {}
}

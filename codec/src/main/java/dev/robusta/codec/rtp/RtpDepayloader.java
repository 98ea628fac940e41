package dev.robusta.codec.rtp;

import dev.robusta.rtp.jitter.PayloadInspector;

/**
 * Rebuilds frames from the payloads of one stream, fed in sequence order (a jitter buffer's output, or a
 * loss-free stream). A gap in sequence numbers drops the frame being assembled; assembly resumes at the next
 * frame start. The frame buffer is reused: it is valid until the next {@link #push}.
 */
public interface RtpDepayloader extends PayloadInspector {
    /**
     * Takes one payload.
     *
     * @param sequenceNumber the packet's 16-bit sequence number
     * @param timestamp      the packet's RTP timestamp
     * @param marker         the packet's marker bit
     * @return true if this payload completed a frame ({@link #frame()})
     * @throws RtpPayloadException if the payload is malformed; the frame being assembled is dropped
     */
    boolean push(int sequenceNumber, long timestamp, boolean marker, byte[] payload, int off, int len)
            throws RtpPayloadException;

    /** The completed frame's bytes, {@code [0, frameLength())}. */
    byte[] frame();

    int frameLength();

    long frameTimestamp();

    boolean frameIsKeyframe();

    /** Frames dropped because packets were missing or malformed. */
    long framesDropped();
}

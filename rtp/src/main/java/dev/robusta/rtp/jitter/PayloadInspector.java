package dev.robusta.rtp.jitter;

/**
 * What a payload format can tell from one packet's payload without depacketizing it. The jitter buffer uses it
 * to resume after a loss: it may only restart at a packet that begins a keyframe.
 */
public interface PayloadInspector {
    /** True if the packet certainly carries the first bytes of a frame (VP8 S=1 PID=0; H.264 AUD, SPS, ...). */
    boolean isFrameStart(byte[] payload, int off, int len);

    /** True if the packet begins a keyframe (only asked of frame-start packets). */
    boolean isKeyframe(byte[] payload, int off, int len);
}

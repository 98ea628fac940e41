/**
 * Frame assembly: {@link dev.robusta.rtp.jitter.JitterBuffer} orders packets by extended sequence number and
 * releases whole frames (same timestamp, contiguous, ending with the marker) within a bounded delay, and asks
 * for a keyframe when a frame cannot be completed. Payload formats help through
 * {@link dev.robusta.rtp.jitter.PayloadInspector}.
 */
package dev.robusta.rtp.jitter;

package dev.robusta.rtp.recovery;

import dev.robusta.rtp.rtcp.FullIntraRequest;
import dev.robusta.rtp.rtcp.PictureLossIndication;
import dev.robusta.rtp.rtcp.RtcpPacket;

/**
 * Turns the jitter buffer's "I need a keyframe" into the feedback packet the session negotiated: a FIR (RFC 5104
 * section 4.3.1, SDP {@code a=rtcp-fb:* ccm fir}) when it was, else a PLI (RFC 4585 section 6.3.1). A FIR carries
 * a command sequence number the sender uses to tell new requests from repeats (RFC 5104 4.3.1.1): it advances
 * for a new request and stays the same while the previous one is unanswered. Not thread-safe.
 */
public final class KeyframeRequester {
    private final long senderSsrc;
    private final long mediaSsrc;
    private final boolean firNegotiated;
    private int firSequence = -1;
    private boolean awaitingKeyframe;
    private long requests;

    /**
     * @param senderSsrc    our SSRC, the feedback's sender
     * @param mediaSsrc     the remote stream that needs a keyframe
     * @param firNegotiated whether the remote accepts FIR ({@code ccm fir}); if not, PLIs are sent
     */
    public KeyframeRequester(long senderSsrc, long mediaSsrc, boolean firNegotiated) {
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.firNegotiated = firNegotiated;
    }

    /**
     * The packet for a keyframe request ({@code JitterBuffer.pollKeyframeRequest()} said yes): a PLI, or a FIR
     * whose sequence number is new unless the previous request is still unanswered.
     */
    public RtcpPacket request() {
        requests++;
        if (!firNegotiated) {
            return new PictureLossIndication(senderSsrc, mediaSsrc);
        }
        if (!awaitingKeyframe) {
            firSequence = (firSequence + 1) & 0xFF;
            awaitingKeyframe = true;
        }
        return FullIntraRequest.of(senderSsrc, mediaSsrc, firSequence);
    }

    /** A keyframe arrived: the next request is a new one. */
    public void onKeyframeReceived() {
        awaitingKeyframe = false;
    }

    /** Requests made, repeats included (W3C inbound-rtp firCount or pliCount). */
    public long requests() {
        return requests;
    }
}

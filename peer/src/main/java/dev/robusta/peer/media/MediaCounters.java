package dev.robusta.peer.media;

/** What a {@link MediaSession} sent, received and dropped. Read on the connection's loop. */
public final class MediaCounters {
    long framesSent;
    long rtpReceived;
    long rtcpReceived;
    long rtxReceived;
    long malformed;
    long unroutable;
    long srtpFailures;
    long srtpProtectFailures;
    long framesReceived;
    long unknownPayloadType;
    long paddingOnly;
    long framesHeldBack;

    /** Whole frames handed to the application. */
    public long framesReceived() {
        return framesReceived;
    }

    /** Packets of a known source with a payload type its receiver did not negotiate. */
    public long unknownPayloadType() {
        return unknownPayloadType;
    }

    /** Packets with no payload (padding, probing): they fill their sequence number and carry no frame. */
    public long paddingOnly() {
        return paddingOnly;
    }

    /** Frames held back because they cannot be decoded (H.264 without its SPS/PPS) until the next key frame. */
    public long framesHeldBack() {
        return framesHeldBack;
    }

    public long framesSent() {
        return framesSent;
    }

    public long rtpReceived() {
        return rtpReceived;
    }

    public long rtcpReceived() {
        return rtcpReceived;
    }

    /** RTX packets that restored a media packet. */
    public long rtxReceived() {
        return rtxReceived;
    }

    /** Packets that did not parse (RTP, RTCP, RTX payloads). */
    public long malformed() {
        return malformed;
    }

    /** RTP packets no receiver takes: unknown SSRC without a MID or a payload type that names one receiver. */
    public long unroutable() {
        return unroutable;
    }

    /** Packets that failed SRTP/SRTCP authentication or replay checks. */
    public long srtpFailures() {
        return srtpFailures;
    }

    public long srtpProtectFailures() {
        return srtpProtectFailures;
    }

    @Override
    public String toString() {
        return "framesSent=" + framesSent + " framesReceived=" + framesReceived + " rtp=" + rtpReceived + " rtcp="
                + rtcpReceived + " rtx=" + rtxReceived
                + " malformed=" + malformed + " unroutable=" + unroutable + " srtpFailures=" + srtpFailures;
    }
}

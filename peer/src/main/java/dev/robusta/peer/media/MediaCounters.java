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
        return "framesSent=" + framesSent + " rtp=" + rtpReceived + " rtcp=" + rtcpReceived + " rtx=" + rtxReceived
                + " malformed=" + malformed + " unroutable=" + unroutable + " srtpFailures=" + srtpFailures;
    }
}

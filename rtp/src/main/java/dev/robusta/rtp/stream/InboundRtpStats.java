package dev.robusta.rtp.stream;

/**
 * The packet-level members of W3C webrtc-stats {@code RTCInboundRtpStreamStats} (type "inbound-rtp"), named as
 * the specification names them. Times are in the units it uses: jitter in seconds, timestamps in milliseconds of
 * the caller's clock.
 */
public record InboundRtpStats(long ssrc, long packetsReceived, long packetsLost, double jitter, long bytesReceived,
        long headerBytesReceived, double lastPacketReceivedTimestamp, long packetsDiscarded,
        long retransmittedPacketsReceived, long retransmittedBytesReceived, long nackCount, long firCount,
        long pliCount) {
    public static final String TYPE = "inbound-rtp";
}

package dev.robusta.rtp.stream;

/**
 * The packet-level members of W3C webrtc-stats {@code RTCOutboundRtpStreamStats} (type "outbound-rtp"), named as
 * the specification names them. nackCount, firCount and pliCount count feedback received about this stream.
 */
public record OutboundRtpStats(long ssrc, long packetsSent, long bytesSent, long headerBytesSent,
        long retransmittedPacketsSent, long retransmittedBytesSent, long nackCount, long firCount, long pliCount) {
    public static final String TYPE = "outbound-rtp";
}

package dev.robusta.rtp.stream;

/**
 * W3C webrtc-stats {@code RTCRemoteInboundRtpStreamStats} (type "remote-inbound-rtp"): what the remote receiver
 * last reported about one of our streams. jitter and round-trip times in seconds; roundTripTime is NaN until
 * a report block echoes one of our sender reports.
 */
public record RemoteInboundRtpStats(long ssrc, long packetsLost, double fractionLost, double jitter,
        double roundTripTime, double totalRoundTripTime, long roundTripTimeMeasurements, long reportsReceived) {
    public static final String TYPE = "remote-inbound-rtp";
}

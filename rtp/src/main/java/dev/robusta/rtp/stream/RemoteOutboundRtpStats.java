package dev.robusta.rtp.stream;

/**
 * W3C webrtc-stats {@code RTCRemoteOutboundRtpStreamStats} (type "remote-outbound-rtp"): what a remote sender
 * last said about its stream in a sender report, named as the specification names the members.
 *
 * @param ssrc                      the remote source
 * @param timestamp                 when that SR arrived, in milliseconds of the caller's {@code nowNanos} clock
 *                                  (as {@link InboundRtpStats#lastPacketReceivedTimestamp})
 * @param packetsSent               the SR's sender packet count
 * @param bytesSent                 the SR's sender octet count (payload bytes)
 * @param remoteTimestamp           the SR's NTP timestamp, in milliseconds since the Unix epoch of the remote's clock
 * @param reportsSent               sender reports received from this source
 * @param roundTripTime             seconds, from the last DLRR answer to our RRTR (RFC 3611); NaN until one arrives
 * @param totalRoundTripTime        sum of all those measurements, seconds
 * @param roundTripTimeMeasurements how many there were
 */
public record RemoteOutboundRtpStats(long ssrc, double timestamp, long packetsSent, long bytesSent,
        double remoteTimestamp, long reportsSent, double roundTripTime, double totalRoundTripTime,
        long roundTripTimeMeasurements) {
    public static final String TYPE = "remote-outbound-rtp";
}

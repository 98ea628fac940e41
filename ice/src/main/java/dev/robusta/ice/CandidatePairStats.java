package dev.robusta.ice;

/**
 * The connectivity-check counters of one candidate pair, as W3C webrtc-stats' {@code candidate-pair} reports
 * them: STUN requests and responses each way (checks and, on the selected pair, consent checks) and round-trip
 * times measured from our requests to their responses.
 *
 * @param pair                      the pair's snapshot
 * @param requestsSent              Binding requests we sent on it (checks and consent checks, retransmissions too)
 * @param responsesReceived         success responses we received to them
 * @param requestsReceived          authenticated Binding requests the peer sent on it
 * @param responsesSent             success responses we sent to those
 * @param currentRoundTripTimeNanos the latest measured round-trip time, or -1 before any
 * @param totalRoundTripTimeNanos   the sum of every round-trip time measured
 * @param roundTripTimeMeasurements how many round-trip times that sum holds
 */
public record CandidatePairStats(CandidatePair pair, long requestsSent, long responsesReceived,
                                 long requestsReceived, long responsesSent, long currentRoundTripTimeNanos,
                                 long totalRoundTripTimeNanos, long roundTripTimeMeasurements) {
}

package dev.robusta.ice.core;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.CandidatePairStats;
import dev.robusta.ice.CandidatePair.State;

/** A candidate pair on the check list, with its mutable check state (RFC 8445 section 6.1.2). */
final class CheckPair {
    final LocalCandidate local;
    final Candidate remote;
    final String foundation;
    long priority;
    State state = State.FROZEN;
    boolean nominated;
    /** Controlled side: USE-CANDIDATE arrived before our own check succeeded (RFC 8445 section 7.3.1.5). */
    boolean nominateOnSuccess;
    /** An authenticated request came in on this pair: the peer may send data on it. */
    boolean remoteValidated;
    /** The local candidate our successful check discovered (the mapped address), for reporting. */
    Candidate validLocal;
    /** The check transaction in flight, or null. */
    StunTransaction inFlight;
    // Counters for stats.
    long requestsSent;
    long responsesReceived;
    long requestsReceived;
    long responsesSent;
    long lastRttNanos = -1;
    long totalRttNanos;
    long rttMeasurements;

    CheckPair(LocalCandidate local, Candidate remote) {
        this.local = local;
        this.remote = remote;
        this.foundation = local.candidate.foundation() + ":" + remote.foundation();
    }

    boolean isValid() {
        return state == State.SUCCEEDED;
    }

    boolean isPending() {
        return state == State.FROZEN || state == State.WAITING || state == State.IN_PROGRESS;
    }

    /** Records a round-trip time measured from one of our requests to its response. */
    void measuredRtt(long nanos) {
        lastRttNanos = nanos;
        totalRttNanos += nanos;
        rttMeasurements++;
    }

    CandidatePairStats stats() {
        return new CandidatePairStats(snapshot(), requestsSent, responsesReceived, requestsReceived, responsesSent,
                lastRttNanos, totalRttNanos, rttMeasurements);
    }

    CandidatePair snapshot() {
        return new CandidatePair(validLocal != null ? validLocal : local.candidate, remote, priority, state, nominated);
    }

    @Override
    public String toString() {
        return snapshot() + " " + state + (nominated ? " nominated" : "");
    }
}

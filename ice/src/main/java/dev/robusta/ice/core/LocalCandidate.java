package dev.robusta.ice.core;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidateType;
import java.net.InetSocketAddress;

/**
 * A local candidate with what the core needs to use it: the local socket its datagrams leave from, and for a
 * relay candidate the TURN allocation that carries them.
 */
final class LocalCandidate {
    final Candidate candidate;
    /** The address of the bound socket (the host base) this candidate sends from. */
    final InetSocketAddress socket;
    /** Non-null for relay candidates. */
    final TurnAllocation allocation;

    LocalCandidate(Candidate candidate, InetSocketAddress socket, TurnAllocation allocation) {
        this.candidate = candidate;
        this.socket = socket;
        this.allocation = allocation;
    }

    CandidateType type() {
        return candidate.type();
    }

    InetSocketAddress address() {
        return candidate.address();
    }

    /** The local preference bits of the priority, reused for the peer-reflexive PRIORITY of checks. */
    int localPreference() {
        return (int) ((candidate.priority() >> 8) & 0xFFFF);
    }

    boolean isRelay() {
        return allocation != null;
    }

    @Override
    public String toString() {
        return candidate.toSdp();
    }
}

package dev.robusta.ice;

/** What the ICE agent tells the layer above. */
public sealed interface IceEvent {
    /** A new local candidate to signal to the peer (trickle, RFC 8838). */
    record LocalCandidate(Candidate candidate) implements IceEvent {}

    /** Gathering state changed; COMPLETE means "end-of-candidates" may be signalled. */
    record GatheringStateChanged(IceGatheringState state) implements IceEvent {}

    record ConnectionStateChanged(IceConnectionState state) implements IceEvent {}

    /** The pair used for data changed (first selection, or after a better nomination or ICE restart). */
    record SelectedPairChanged(CandidatePair pair) implements IceEvent {}

    /** The role switched after a role conflict (RFC 8445 section 7.3.1.1). */
    record RoleChanged(IceRole role) implements IceEvent {}
}

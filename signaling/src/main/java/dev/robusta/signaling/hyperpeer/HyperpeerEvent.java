package dev.robusta.signaling.hyperpeer;

import com.fasterxml.jackson.databind.JsonNode;

/** What a {@link HyperpeerClient} receives, in arrival order. */
public sealed interface HyperpeerEvent {
    /** {@code status paired}: this peer is now paired with {@code remotePeerId}. */
    record Paired(String remotePeerId) implements HyperpeerEvent {}

    /** {@code status unpaired}: the pair is gone (asked for, or the partner left). */
    record Unpaired() implements HyperpeerEvent {}

    /** A message relayed from the partner (offer, answer, candidate, anything). */
    record Signal(JsonNode message) implements HyperpeerEvent {}

    /** An {@code error} from the server. */
    record Error(String code, String message) implements HyperpeerEvent {}

    /** The server list of a {@code listPeers}. */
    record Peers(java.util.List<HyperpeerClient.PeerInfo> peers) implements HyperpeerEvent {}

    /** The connection ended. */
    record Closed(int code, String reason) implements HyperpeerEvent {}
}

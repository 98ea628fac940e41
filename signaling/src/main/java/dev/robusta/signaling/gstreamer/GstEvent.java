package dev.robusta.signaling.gstreamer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What a {@link GstSignallingClient} receives, in arrival order. */
public sealed interface GstEvent {
    /** {@code welcome}: the server's id for this peer. */
    record Welcome(String peerId) implements GstEvent {}

    /** {@code peerStatusChanged} (listeners only); {@code roles} empty when the peer left. */
    record PeerStatusChanged(String peerId, List<String> roles, JsonNode meta) implements GstEvent {}

    /** {@code startSession} to a producer: a session with consumer {@code peerId}; {@code offer} null unless the consumer offered. */
    record StartSession(String peerId, String sessionId, String offer) implements GstEvent {}

    /** {@code sessionStarted} to a consumer: a session with producer {@code peerId}. */
    record SessionStarted(String peerId, String sessionId) implements GstEvent {}

    /** {@code peer} with an SDP ({@code type} {@code offer} or {@code answer}). */
    record Sdp(String sessionId, String type, String sdp) implements GstEvent {}

    /** {@code peer} with an ICE candidate. */
    record Ice(String sessionId, String candidate, long sdpMLineIndex) implements GstEvent {}

    /** {@code endSession} or {@code endSessionV1_1}; {@code error} null when none was given. */
    record EndSession(String sessionId, String error) implements GstEvent {}

    /** {@code list} or {@code listConsumers} reply. */
    record Listed(String type, List<GstSignallingClient.PeerEntry> peers) implements GstEvent {}

    /** {@code error} from the server. */
    record Error(String details) implements GstEvent {}

    /** The connection ended. */
    record Closed(int code, String reason) implements GstEvent {}
}

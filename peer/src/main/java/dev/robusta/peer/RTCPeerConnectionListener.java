package dev.robusta.peer;

import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceGatheringState;

/**
 * The events of an {@link RTCPeerConnection} (W3C connectionstatechange, iceconnectionstatechange,
 * icegatheringstatechange, signalingstatechange, icecandidate, datachannel). Calls come on the connection's event
 * loop, one at a time, except signalingstatechange, which comes on the thread that applied the description, as
 * in browsers before the promise resolves. Do not block in them.
 */
public interface RTCPeerConnectionListener {
    default void onConnectionStateChange(RTCPeerConnectionState state) {
    }

    default void onIceConnectionStateChange(IceConnectionState state) {
    }

    default void onIceGatheringStateChange(IceGatheringState state) {
    }

    default void onSignalingStateChange(RTCSignalingState state) {
    }

    /**
     * A local candidate to send to the peer (trickle ICE), or at the end of gathering the end-of-candidates marker
     * ({@link RTCIceCandidate#isEndOfCandidates()}), which the peer passes to {@code addIceCandidate} too.
     */
    default void onIceCandidate(RTCIceCandidate candidate) {
    }

    /** The peer opened an in-band channel. Set its listener here to miss no message. */
    default void onDataChannel(RTCDataChannel channel) {
    }
}

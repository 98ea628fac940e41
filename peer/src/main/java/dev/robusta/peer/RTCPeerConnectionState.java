package dev.robusta.peer;

import dev.robusta.ice.IceConnectionState;
import java.util.Locale;

/** W3C RTCPeerConnectionState: the combined state of the ICE and DTLS transports. */
public enum RTCPeerConnectionState {
    NEW, CONNECTING, CONNECTED, DISCONNECTED, FAILED, CLOSED;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * W3C webrtc section 4.3.3, for one ICE and one DTLS transport.
     *
     * @param dtlsConnected the DTLS handshake completed and the peer's certificate matched
     * @param dtlsFailed    the DTLS handshake or the fingerprint check failed
     */
    public static RTCPeerConnectionState of(boolean closed, IceConnectionState ice, boolean dtlsConnected,
                                            boolean dtlsFailed) {
        if (closed) {
            return CLOSED;
        }
        if (ice == IceConnectionState.FAILED || dtlsFailed) {
            return FAILED;
        }
        if (ice == IceConnectionState.DISCONNECTED) {
            return DISCONNECTED;
        }
        if ((ice == IceConnectionState.CONNECTED || ice == IceConnectionState.COMPLETED) && dtlsConnected) {
            return CONNECTED;
        }
        if (ice == IceConnectionState.NEW) {
            return NEW;
        }
        return CONNECTING;
    }
}

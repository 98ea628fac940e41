package dev.robusta.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RTCConfigurationTest {
    @Test
    void serversAndPolicyReachTheIceAgent() {
        RTCConfiguration c = RTCConfiguration.defaults()
                .withIceServers(List.of(RTCIceServer.of("stun:127.0.0.1:3478"),
                        new RTCIceServer(List.of("turn:127.0.0.1:3479?transport=udp", "turn:[::1]"), "u", "p")))
                .withIceTransportPolicy(RTCConfiguration.IceTransportPolicy.RELAY);
        IceAgentConfig ice = c.toIceAgentConfig();
        assertEquals(3, ice.iceServers().size());
        assertEquals(IceServer.Type.STUN, ice.iceServers().get(0).type());
        assertEquals(3479, ice.iceServers().get(1).port());
        assertEquals("::1", ice.iceServers().get(2).host());
        assertEquals("p", ice.iceServers().get(2).password());
        assertEquals(IceAgentConfig.CandidatePolicy.RELAY_ONLY, ice.candidatePolicy());
    }

    @Test
    void noServersMeansNoPublicStunServer() {
        assertTrue(RTCConfiguration.defaults().toIceAgentConfig().iceServers().isEmpty());
    }

    @Test
    void badUrlsAreRefusedWithTheUrl() {
        RTCConfiguration c = RTCConfiguration.defaults().withIceServers(List.of(RTCIceServer.of("http://x")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::toIceAgentConfig);
        assertTrue(e.getMessage().contains("http://x"));
        assertThrows(IllegalArgumentException.class, () -> RTCIceServer.of("turn:127.0.0.1").toIceServers(),
                "TURN without credentials");
    }

    @Test
    void candidatesAndEndOfCandidates() {
        RTCIceCandidate c = new RTCIceCandidate("candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host", "0", 0, null);
        assertEquals(5000, c.toCandidate().address().getPort());
        assertTrue(RTCIceCandidate.endOfCandidates("0").isEndOfCandidates());
        assertThrows(IllegalArgumentException.class,
                () -> new RTCIceCandidate("candidate:1 1 udp x 127.0.0.1 5000 typ host", "0", 0, null).toCandidate());
    }

    @Test
    void peerConnectionStateCombinesIceAndDtls() {
        assertEquals(RTCPeerConnectionState.NEW, RTCPeerConnectionState.of(false, IceConnectionState.NEW, false, false));
        assertEquals(RTCPeerConnectionState.CONNECTING,
                RTCPeerConnectionState.of(false, IceConnectionState.CHECKING, false, false));
        assertEquals(RTCPeerConnectionState.CONNECTING,
                RTCPeerConnectionState.of(false, IceConnectionState.CONNECTED, false, false), "DTLS not done yet");
        assertEquals(RTCPeerConnectionState.CONNECTED,
                RTCPeerConnectionState.of(false, IceConnectionState.COMPLETED, true, false));
        assertEquals(RTCPeerConnectionState.DISCONNECTED,
                RTCPeerConnectionState.of(false, IceConnectionState.DISCONNECTED, true, false));
        assertEquals(RTCPeerConnectionState.FAILED,
                RTCPeerConnectionState.of(false, IceConnectionState.CONNECTED, false, true));
        assertEquals(RTCPeerConnectionState.CLOSED,
                RTCPeerConnectionState.of(true, IceConnectionState.FAILED, false, true));
    }
}

package dev.robusta.ice.core;

import static dev.robusta.ice.stun.StunAttributes.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidateType;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceCredentials;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.stun.ChannelData;
import dev.robusta.ice.stun.ErrorCode;
import dev.robusta.ice.stun.StunClass;
import dev.robusta.ice.stun.StunCredentials;
import dev.robusta.ice.stun.StunMessage;
import dev.robusta.ice.stun.StunMessageBuilder;
import dev.robusta.ice.stun.StunMethod;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Server-reflexive and relay gathering, driven by hand against scripted STUN and TURN servers: what the core
 * sends at each step, and what it makes of each answer (RFC 8489, RFC 8656).
 */
class IceGatheringTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1000 * MS;
    private static final InetSocketAddress SOCKET = addr("127.0.0.1", 5000);
    private static final InetSocketAddress SERVER = addr("127.0.0.1", 3478);
    private static final InetSocketAddress MAPPED = addr("127.0.0.5", 61000);
    private static final InetSocketAddress RELAYED = addr("127.0.0.6", 49152);
    private static final InetSocketAddress PEER = addr("127.0.0.7", 40000);
    private static final String USER = "robusta";
    private static final String PASS = "secret";
    private static final String REALM_VALUE = "robusta.test";
    private static final byte[] LONG_TERM_KEY = StunCredentials.longTermKey(USER, REALM_VALUE, PASS);

    private long now = 10 * S;
    private final ReceivedData received = new ReceivedData();

    static InetSocketAddress addr(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private IceAgentCore core(IceAgentConfig config) {
        Random r = new Random(1);
        IceAgentCore core = new IceAgentCore(config, IceCredentials.random(r), r, "test");
        core.addSocket(SOCKET);
        return core;
    }

    private static List<Transmit> drain(IceAgentCore core) {
        List<Transmit> out = new ArrayList<>();
        Transmit t;
        while ((t = core.pollTransmit()) != null) {
            out.add(t);
        }
        return out;
    }

    private static List<IceEvent> events(IceAgentCore core) {
        List<IceEvent> out = new ArrayList<>();
        IceEvent e;
        while ((e = core.pollEvent()) != null) {
            out.add(e);
        }
        return out;
    }

    private static StunMessage parse(byte[] b) throws Exception {
        return StunMessage.parse(b);
    }

    private boolean deliver(IceAgentCore core, InetSocketAddress from, byte[] bytes) {
        return core.handleDatagram(now, SOCKET, from, bytes, 0, bytes.length, received);
    }

    // ---- server-reflexive ----

    @Test
    void serverReflexiveCandidateFromAStunServer() throws Exception {
        IceAgentCore core = core(IceAgentConfig.builder().build());
        core.addStunServer(SERVER);
        core.startGathering(now);
        List<IceEvent> first = events(core);
        assertTrue(first.contains(new IceEvent.GatheringStateChanged(IceGatheringState.GATHERING)));
        assertEquals(CandidateType.HOST, ((IceEvent.LocalCandidate) first.get(1)).candidate().type());
        Transmit request = drain(core).get(0);
        assertEquals(SOCKET, request.source());
        assertEquals(SERVER, request.destination());
        StunMessage m = parse(request.data());
        assertTrue(m.is(StunClass.REQUEST, StunMethod.BINDING));
        assertTrue(m.hasFingerprint());
        assertFalse(m.hasIntegrity(), "a plain STUN server takes no credentials");

        byte[] response = new StunMessageBuilder().resetAsResponse(m, true).addXorMappedAddress(MAPPED)
                .addFingerprint().toByteArray();
        assertFalse(deliver(core, SERVER, response));
        List<IceEvent> after = events(core);
        Candidate srflx = ((IceEvent.LocalCandidate) after.get(0)).candidate();
        assertEquals(CandidateType.SERVER_REFLEXIVE, srflx.type());
        assertEquals(MAPPED, srflx.address());
        assertEquals(SOCKET, srflx.relatedAddress(), "raddr is the base");
        assertEquals(100, srflx.priority() >>> 24, "type preference 100");
        assertEquals(new IceEvent.GatheringStateChanged(IceGatheringState.COMPLETE), after.get(1));
    }

    @Test
    void mappedAddressEqualToTheHostIsRedundantAndDropped() throws Exception {
        IceAgentCore core = core(IceAgentConfig.builder().build());
        core.addStunServer(SERVER);
        core.startGathering(now);
        events(core);
        StunMessage m = parse(drain(core).get(0).data());
        deliver(core, SERVER, new StunMessageBuilder().resetAsResponse(m, true).addXorMappedAddress(SOCKET)
                .addFingerprint().toByteArray());
        assertEquals(List.of(new IceEvent.GatheringStateChanged(IceGatheringState.COMPLETE)), events(core));
        assertEquals(1, core.localCandidates().size());
    }

    @Test
    void silentStunServerRetransmitsThenGatheringCompletesAtTheTimeout() throws Exception {
        IceAgentCore core = core(IceAgentConfig.builder().gatheringTimeout(Duration.ofSeconds(3)).build());
        core.addStunServer(SERVER);
        core.startGathering(now);
        events(core);
        drain(core);
        long start = now;
        List<Long> sends = new ArrayList<>();
        while (core.gatheringState() != IceGatheringState.COMPLETE && now < start + 10 * S) {
            now = core.pollDeadline();
            core.handleTimeout(now);
            for (Transmit t : drain(core)) {
                assertEquals(SERVER, t.destination());
                sends.add(now - start);
            }
        }
        // RFC 8489 section 6.2.1: retransmissions at RTO 500 ms, then 1.5 s (doubling intervals).
        assertEquals(List.of(500 * MS, 1500 * MS), sends);
        assertEquals(start + 3 * S, now, "gathering gives up at the configured timeout");
    }

    // ---- TURN ----

    /** Plays a TURN server: answers the first Allocate with 401, checks the second's credentials. */
    private Candidate allocate(IceAgentCore core) throws Exception {
        StunMessage first = parse(drain(core).get(0).data());
        assertTrue(first.is(StunClass.REQUEST, StunMethod.ALLOCATE));
        assertEquals(17L << 24, first.uint32(REQUESTED_TRANSPORT, -1), "UDP relay");
        assertFalse(first.hasIntegrity(), "the first Allocate has no credentials yet");
        deliver(core, SERVER, new StunMessageBuilder().resetAsResponse(first, false)
                .addErrorCode(ErrorCode.of(ErrorCode.UNAUTHENTICATED)).addString(REALM, REALM_VALUE)
                .addString(NONCE, "nonce-1").addFingerprint().toByteArray());
        StunMessage second = parse(drain(core).get(0).data());
        assertTrue(second.is(StunClass.REQUEST, StunMethod.ALLOCATE));
        assertEquals(USER, second.username());
        assertEquals(REALM_VALUE, second.realm());
        assertEquals("nonce-1", second.nonce());
        assertTrue(second.checkIntegrity(LONG_TERM_KEY), "MESSAGE-INTEGRITY with MD5(user:realm:pass)");
        deliver(core, SERVER, new StunMessageBuilder().resetAsResponse(second, true)
                .addAddress(XOR_RELAYED_ADDRESS, RELAYED).addXorMappedAddress(MAPPED).addLifetime(600)
                .addMessageIntegrity(LONG_TERM_KEY).addFingerprint().toByteArray());
        Candidate relay = null;
        for (IceEvent e : events(core)) {
            if (e instanceof IceEvent.LocalCandidate c && c.candidate().type() == CandidateType.RELAY) {
                relay = c.candidate();
            }
        }
        assertNotNull(relay, "a relay candidate");
        return relay;
    }

    @Test
    void turnAllocationWithLongTermCredentials() throws Exception {
        IceAgentCore core = core(IceAgentConfig.builder().build());
        core.addTurnServer(SERVER, USER, PASS);
        core.startGathering(now);
        events(core);
        Candidate relay = allocate(core);
        assertEquals(RELAYED, relay.address());
        assertEquals(MAPPED, relay.relatedAddress());
        assertEquals(0, relay.priority() >>> 24, "type preference 0");
        assertEquals(IceGatheringState.COMPLETE, core.gatheringState());
        // The mapped address the TURN server saw became a server-reflexive candidate too.
        assertTrue(core.localCandidates().stream().anyMatch(c -> c.type() == CandidateType.SERVER_REFLEXIVE));

        // Refresh a minute before the 600 s lifetime ends, with the credentials.
        now = core.pollDeadline();
        assertEquals(10 * S + 540 * S, now);
        core.handleTimeout(now);
        StunMessage refresh = parse(drain(core).get(0).data());
        assertTrue(refresh.is(StunClass.REQUEST, StunMethod.REFRESH));
        assertTrue(refresh.checkIntegrity(LONG_TERM_KEY));
        // A stale nonce (438) is retried at once with the new nonce.
        deliver(core, SERVER, new StunMessageBuilder().resetAsResponse(refresh, false)
                .addErrorCode(ErrorCode.of(ErrorCode.STALE_NONCE)).addString(REALM, REALM_VALUE)
                .addString(NONCE, "nonce-2").addFingerprint().toByteArray());
        StunMessage retried = parse(drain(core).get(0).data());
        assertTrue(retried.is(StunClass.REQUEST, StunMethod.REFRESH));
        assertEquals("nonce-2", retried.nonce());
        assertTrue(retried.checkIntegrity(LONG_TERM_KEY));
    }

    @Test
    void wrongTurnCredentialsGiveNoRelayAndGatheringStillCompletes() throws Exception {
        IceAgentCore core = core(IceAgentConfig.builder().build());
        core.addTurnServer(SERVER, USER, "wrong");
        core.startGathering(now);
        events(core);
        StunMessage first = parse(drain(core).get(0).data());
        deliver(core, SERVER, new StunMessageBuilder().resetAsResponse(first, false)
                .addErrorCode(ErrorCode.of(ErrorCode.UNAUTHENTICATED)).addString(REALM, REALM_VALUE)
                .addString(NONCE, "n").addFingerprint().toByteArray());
        StunMessage second = parse(drain(core).get(0).data());
        assertFalse(second.checkIntegrity(LONG_TERM_KEY));
        deliver(core, SERVER, new StunMessageBuilder().resetAsResponse(second, false)
                .addErrorCode(ErrorCode.of(ErrorCode.UNAUTHENTICATED)).addString(REALM, REALM_VALUE)
                .addString(NONCE, "n").addFingerprint().toByteArray());
        assertEquals(List.of(new IceEvent.GatheringStateChanged(IceGatheringState.COMPLETE)), events(core));
        assertTrue(drain(core).isEmpty(), "no third attempt with the same wrong password");
        assertTrue(core.localCandidates().stream().noneMatch(c -> c.type() == CandidateType.RELAY));
    }

    @Test
    void relayedChecksDataAndChannelBinding() throws Exception {
        IceAgentCore core = core(IceAgentConfig.builder().candidatePolicy(IceAgentConfig.CandidatePolicy.RELAY_ONLY)
                .build());
        core.addTurnServer(SERVER, USER, PASS);
        core.startGathering(now);
        List<IceEvent> initial = events(core);
        assertTrue(initial.stream().noneMatch(e -> e instanceof IceEvent.LocalCandidate),
                "relay-only: the host candidate is not offered");
        allocate(core);
        Random r = new Random(2);
        IceCredentials peerCredentials = IceCredentials.random(r);
        core.setRemoteCredentials(peerCredentials.ufrag(), peerCredentials.password());
        core.start(now, IceRole.CONTROLLING);
        core.addRemoteCandidate(now, new Candidate("9", 1, "udp", 1000, PEER, CandidateType.RELAY, null));
        core.handleTimeout(now);
        List<Transmit> out = drain(core);
        // First a CreatePermission for the peer, then the check wrapped in a Send indication, both to the server.
        StunMessage permission = parse(out.get(0).data());
        assertTrue(permission.is(StunClass.REQUEST, StunMethod.CREATE_PERMISSION));
        assertEquals(PEER.getAddress(), permission.address(XOR_PEER_ADDRESS).getAddress());
        assertTrue(permission.checkIntegrity(LONG_TERM_KEY));
        StunMessage send = parse(out.get(1).data());
        assertTrue(send.is(StunClass.INDICATION, StunMethod.SEND));
        assertEquals(SERVER, out.get(1).destination());
        assertEquals(PEER, send.address(XOR_PEER_ADDRESS));
        StunMessage check = StunMessage.parse(send.bytes(DATA));
        assertTrue(check.is(StunClass.REQUEST, StunMethod.BINDING));
        assertTrue(check.checkIntegrity(StunCredentials.shortTermKey(peerCredentials.password())));
        deliver(core, SERVER, new StunMessageBuilder().resetAsResponse(permission, true)
                .addMessageIntegrity(LONG_TERM_KEY).addFingerprint().toByteArray());

        // The peer's answer comes back through the server in a Data indication.
        byte[] answer = new StunMessageBuilder().resetAsResponse(check, true).addXorMappedAddress(RELAYED)
                .addMessageIntegrity(StunCredentials.shortTermKey(peerCredentials.password())).addFingerprint()
                .toByteArray();
        deliver(core, SERVER, dataIndication(PEER, answer));
        core.handleTimeout(now);
        // Nominated next: a USE-CANDIDATE check, answered the same way.
        StunMessage nominationSend = null;
        for (Transmit t : drain(core)) {
            StunMessage m = parse(t.data());
            if (m.is(StunClass.INDICATION, StunMethod.SEND)) {
                nominationSend = m;
            }
        }
        assertNotNull(nominationSend);
        StunMessage nomination = StunMessage.parse(nominationSend.bytes(DATA));
        assertTrue(nomination.has(USE_CANDIDATE));
        deliver(core, SERVER, dataIndication(PEER, new StunMessageBuilder().resetAsResponse(nomination, true)
                .addXorMappedAddress(RELAYED).addMessageIntegrity(StunCredentials.shortTermKey(
                        peerCredentials.password())).addFingerprint().toByteArray()));
        assertNotNull(core.selectedPair());
        assertEquals(CandidateType.RELAY, core.selectedPair().local().type());

        // Selection binds a channel to the peer.
        StunMessage bind = null;
        for (Transmit t : drain(core)) {
            StunMessage m = parse(t.data());
            if (m.is(StunClass.REQUEST, StunMethod.CHANNEL_BIND)) {
                bind = m;
            }
        }
        assertNotNull(bind, "ChannelBind after selection");
        int channel = bind.channelNumber();
        assertTrue(channel >= 0x4000 && channel <= 0x4FFF);
        IceAgentCore.Route before = core.route();
        assertTrue(before.relayed());
        assertEquals(-1, before.channel(), "until the binding is confirmed, data goes in Send indications");
        deliver(core, SERVER, new StunMessageBuilder().resetAsResponse(bind, true).addMessageIntegrity(LONG_TERM_KEY)
                .addFingerprint().toByteArray());
        IceAgentCore.Route route = core.route();
        assertEquals(channel, route.channel());
        byte[] wrapped = core.wrapForRelay(route, new byte[] {23, 1, 2, 3, 4}, 0, 5);
        assertEquals(channel, ChannelData.channel(wrapped, 0, wrapped.length));
        assertEquals(5, ChannelData.payloadLength(wrapped, 0));
        assertEquals(12, wrapped.length, "padded to 4 bytes over UDP");

        // Incoming ChannelData and Data indications are unwrapped without a copy.
        byte[] frame = new byte[4 + 8];
        ChannelData.writeHeader(frame, 0, channel, 6);
        System.arraycopy(new byte[] {23, 9, 8, 7, 6, 5}, 0, frame, 4, 6);
        assertTrue(deliver(core, SERVER, frame));
        assertEquals(4, received.offset);
        assertEquals(6, received.length);
        assertEquals(PEER, received.remote);
        assertTrue(deliver(core, SERVER, dataIndication(PEER, new byte[] {23, 42})));
        assertEquals(2, received.length);
        // Data for an unbound channel, or from a peer ICE never verified, is dropped.
        ChannelData.writeHeader(frame, 0, channel + 1, 6);
        assertFalse(deliver(core, SERVER, frame));
        assertFalse(deliver(core, SERVER, dataIndication(addr("127.0.0.8", 1), new byte[] {23, 42})));

        // Closing releases the allocation: a Refresh with LIFETIME 0.
        core.close(now);
        StunMessage release = parse(drain(core).get(0).data());
        assertTrue(release.is(StunClass.REQUEST, StunMethod.REFRESH));
        assertEquals(0, release.lifetimeSeconds());
        assertNull(core.route());
    }

    private static byte[] dataIndication(InetSocketAddress peer, byte[] data) {
        return new StunMessageBuilder().reset(StunClass.INDICATION, StunMethod.DATA,
                dev.robusta.ice.stun.TransactionId.random()).addAddress(XOR_PEER_ADDRESS, peer).add(DATA, data)
                .addFingerprint().toByteArray();
    }

    @Test
    void forgedTurnResponseWithBadIntegrityIsIgnored() throws Exception {
        IceAgentCore core = core(IceAgentConfig.builder().build());
        core.addTurnServer(SERVER, USER, PASS);
        core.startGathering(now);
        events(core);
        StunMessage first = parse(drain(core).get(0).data());
        deliver(core, SERVER, new StunMessageBuilder().resetAsResponse(first, false)
                .addErrorCode(ErrorCode.of(ErrorCode.UNAUTHENTICATED)).addString(REALM, REALM_VALUE)
                .addString(NONCE, "n").addFingerprint().toByteArray());
        StunMessage second = parse(drain(core).get(0).data());
        byte[] forged = new StunMessageBuilder().resetAsResponse(second, true).addAddress(XOR_RELAYED_ADDRESS, PEER)
                .addLifetime(600).addMessageIntegrity(StunCredentials.longTermKey(USER, REALM_VALUE, "guess"))
                .addFingerprint().toByteArray();
        deliver(core, SERVER, forged);
        assertTrue(events(core).isEmpty(), "no relay candidate from a forged answer");
        assertArrayEquals(new Object[0], core.localCandidates().stream()
                .filter(c -> c.type() == CandidateType.RELAY).toArray());
    }
}

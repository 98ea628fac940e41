package dev.robusta.signaling.hyperpeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.signaling.CoreDriver;
import dev.robusta.signaling.server.HandshakeVerdict;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Hyperpeer core without sockets, against the interop vectors of docs/protocols/hyperpeer.md section 7. */
class HyperpeerCoreTest {
    private static final String PEERS_BOTH_BUSY = "{\"type\":\"peers\",\"peers\":[{\"id\":\"server1\",\"type\":"
            + "\"media-server\",\"busy\":true},{\"id\":\"client1\",\"type\":\"browser\",\"busy\":true}]}";
    private static final String NOT_FOUND = "{\"type\":\"error\",\"code\":\"ERR_PEER_NOT_FOUND\",\"message\":"
            + "\"Remote peer does not exists!\"}";
    private static final String BUSY = "{\"type\":\"error\",\"code\":\"ERR_PEER_BUSY\",\"message\":"
            + "\"Remote peer is busy!\"}";
    private static final String BAD_STATE = "{\"type\":\"error\",\"code\":\"ERR_BAD_STATE\",\"message\":"
            + "\"Cannot forward message to remote peer because peer is not paired!\"}";
    private static final String UNPAIRED = "{\"type\":\"status\",\"status\":\"unpaired\"}";

    private final CoreDriver d = new CoreDriver(new HyperpeerCore(PeerVerifier.ACCEPT_ALL, new Random(1)));

    @Test
    void vector71ListingBusyFlagAndPairing() {
        long a = d.connect("/media-server/server1");
        long b = d.connect("/browser/client1/somekey");
        d.send(a, "{\"type\":\"listPeers\"}");
        d.expect(a, PEERS_BOTH_BUSY);
        d.send(b, "{\"type\":\"pair\",\"remotePeerId\":\"nobody\"}");
        d.expect(b, NOT_FOUND);
        d.send(b, "{\"type\":\"pair\",\"remotePeerId\":\"server1\"}");
        d.expect(b, BUSY);
        d.send(b, "{\"type\":\"offer\",\"sdp\":\"x\"}");
        d.expect(b, BAD_STATE);
        d.send(a, "{\"type\":\"ready\"}");
        d.expectNothing(a, b);
        d.send(b, "{\"type\":\"pair\",\"remotePeerId\":\"server1\"}");
        d.expect(b, "{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"server1\"}");
        d.expect(a, "{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"client1\"}");

        // 7.2: relay re-serialises compactly, keeps key order, and carries candidates verbatim.
        d.send(a, "{\"sdp\": \"v=0\\r\\no=- 1 2 IN IP4 0.0.0.0\\r\\n\", \"type\": \"offer\"}");
        d.expect(b, "{\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 0.0.0.0\\r\\n\",\"type\":\"offer\"}");
        d.send(b, "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}");
        d.expect(a, "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}");
        String candidate = "{\"type\":\"candidate\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 2122260223 "
                + "192.0.2.10 54321 typ host\",\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}}";
        d.send(b, candidate);
        d.expect(a, candidate);
        // Values without type, arrays, strings and numbers are relayed too.
        d.send(a, "[\"array\"]");
        d.expect(b, "[\"array\"]");
        d.send(a, "\"str\"");
        d.expect(b, "\"str\"");
        d.send(a, "42");
        d.expect(b, "42");
        d.send(a, "{\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}}");
        d.expect(b, "{\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}}");
        d.expectNothing(a, b);
    }

    @Test
    void vector73UnpairStaleBusyFlagAndDisconnect() {
        long a = d.connect("/media-server/server1");
        long b = d.connect("/browser/client1/somekey");
        d.send(a, "{\"type\":\"ready\"}");
        d.send(b, "{\"type\":\"pair\",\"remotePeerId\":\"server1\"}");
        d.drainTo(a);
        d.drainTo(b);
        d.send(b, "{\"type\":\"unpair\"}");
        d.expect(b, UNPAIRED);
        d.expect(a, UNPAIRED);
        d.send(a, "{\"type\":\"listPeers\"}");
        d.expect(a, PEERS_BOTH_BUSY);
        d.send(a, "{\"type\":\"unpair\"}");
        d.expect(a, UNPAIRED);
        d.expectNothing(b);
        d.send(b, "{\"type\":\"pair\",\"remotePeerId\":\"server1\"}");
        d.expect(b, BUSY);
        d.send(a, "{\"type\":\"ready\"}");
        d.send(b, "{\"type\":\"pair\",\"remotePeerId\":\"server1\"}");
        d.expect(b, "{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"server1\"}");
        d.expect(a, "{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"client1\"}");
        d.close(b);
        d.expect(a, UNPAIRED);
        d.send(a, "{\"type\":\"listPeers\"}");
        d.expect(a, "{\"type\":\"peers\",\"peers\":[{\"id\":\"server1\",\"type\":\"media-server\",\"busy\":true}]}");
        // After the partner left, relaying is refused.
        d.send(a, "{\"type\":\"offer\",\"sdp\":\"x\"}");
        d.expect(a, BAD_STATE);
    }

    @Test
    void pairReplacesThePreviousPartnerAndTakeoverLeavesTheOldPartnerPointing() {
        long a = d.connect("/t/a");
        long b = d.connect("/t/b");
        long c = d.connect("/t/c");
        d.send(b, "{\"type\":\"ready\"}");
        d.send(c, "{\"type\":\"ready\"}");
        d.send(a, "{\"type\":\"pair\",\"remotePeerId\":\"b\"}");
        d.drainTo(a);
        d.drainTo(b);
        // a pairs again with c: a's old partner b and a itself are unpaired first.
        d.send(a, "{\"type\":\"pair\",\"remotePeerId\":\"c\"}");
        d.expect(b, UNPAIRED);
        d.expect(a, UNPAIRED);
        d.expect(a, "{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"c\"}");
        d.expect(c, "{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"a\"}");
        // c sends ready while paired: b takes it over; a is not told and still relays to c (reference quirk).
        d.send(c, "{\"type\":\"ready\"}");
        d.send(b, "{\"type\":\"pair\",\"remotePeerId\":\"c\"}");
        d.expect(b, "{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"c\"}");
        d.expect(c, "{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"b\"}");
        d.expectNothing(a);
        d.send(a, "{\"x\":1}");
        d.expect(c, "{\"x\":1}");
        d.send(c, "{\"y\":2}");
        d.expect(b, "{\"y\":2}");
    }

    @Test
    void selfPairingIsTheReferenceQuirk() {
        long a = d.connect("/t/self");
        d.send(a, "{\"type\":\"ready\"}");
        d.send(a, "{\"type\":\"pair\",\"remotePeerId\":\"self\"}");
        d.expect(a, "{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"self\"}");
        d.expect(a, "{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"self\"}");
        d.send(a, "{\"echo\":true}");
        d.expect(a, "{\"echo\":true}");
        d.close(a);
        d.expectNothing(a);
    }

    @Test
    void pathsThatDoNotMatchAreRefusedWith400() {
        for (String bad : List.of("/", "", "/a.b", "/a/b/c/d", "/a/", "/a@b", "//a", "/a+b")) {
            HandshakeVerdict v = d.handshake(d.nextId(), bad, Map.of());
            HandshakeVerdict.Reject r = assertInstanceOf(HandshakeVerdict.Reject.class, v, bad);
            assertEquals(400, r.status());
            assertEquals("Invalid peer credentials!", r.body());
        }
        // Query strings are ignored; percent-escapes are kept as they are.
        long p = d.connect("/t/a%20b?x=1");
        d.send(p, "{\"type\":\"listPeers\"}");
        d.expect(p, "{\"type\":\"peers\",\"peers\":[{\"id\":\"a%20b\",\"type\":\"t\",\"busy\":true}]}");
    }

    @Test
    void keyCheckRefusesWith401AsTheWsLibraryDoes() {
        CoreDriver v = new CoreDriver(new HyperpeerCore(PeerVerifier.keys(Map.of("id", "good"), false), new Random()));
        HandshakeVerdict.Reject r = assertInstanceOf(HandshakeVerdict.Reject.class,
                v.handshake(1, "/t/id/badkey", Map.of()));
        assertEquals(401, r.status());
        assertEquals("Unauthorized", r.reason());
        assertEquals("Unauthorized", r.body());
        assertEquals(List.of("Connection", "Content-type", "Content-Length"), List.copyOf(r.headers().keySet()));
        assertInstanceOf(HandshakeVerdict.Reject.class, v.handshake(2, "/t/id", Map.of()));
        assertInstanceOf(HandshakeVerdict.Accept.class, v.handshake(3, "/t/id/good", Map.of()));
        assertInstanceOf(HandshakeVerdict.Accept.class, v.handshake(4, "/t/other", Map.of()));
        CoreDriver strict = new CoreDriver(new HyperpeerCore(PeerVerifier.keys(Map.of("id", "good"), true),
                new Random()));
        assertInstanceOf(HandshakeVerdict.Reject.class, strict.handshake(5, "/t/other/x", Map.of()));
    }

    @Test
    void duplicateIdIsClosedAndTheFirstPeerIsUntouched() {
        long a = d.connect("/media-server/dup1");
        long dup = d.connect("/other/dup1");
        assertNotNull(d.closeOf(dup));
        assertEquals(1008, d.closeOf(dup).code());
        assertEquals("Peer Id already in use!", d.closeOf(dup).reason());
        d.send(dup, "{\"type\":\"listPeers\"}");
        d.expectNothing(dup);
        d.close(dup);
        d.send(a, "{\"type\":\"listPeers\"}");
        d.expect(a, "{\"type\":\"peers\",\"peers\":[{\"id\":\"dup1\",\"type\":\"media-server\",\"busy\":true}]}");
    }

    @Test
    void idLessPeersGetDistinctRandomIds() {
        long a = d.connect("/browser");
        long b = d.connect("/browser");
        d.send(a, "{\"type\":\"listPeers\"}");
        String peers = d.poll(a);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":\"(peer\\d{13})\"").matcher(peers);
        assertTrue(m.find(), peers);
        String first = m.group(1);
        assertTrue(m.find(), peers);
        assertTrue(!first.equals(m.group(1)), peers);
        d.expectNothing(b);
    }

    @Test
    void badSignalsGetErrBadSignalAndThePeerStaysUsable() {
        long a = d.connect("/t/a");
        for (String bad : List.of("nope", "{", "{\"type\":\"ready\"} trailing", "", "{\"a\":1,}")) {
            d.send(a, bad);
            String e = d.poll(a);
            assertNotNull(e, bad);
            assertTrue(e.startsWith("{\"type\":\"error\",\"code\":\"ERR_BAD_SIGNAL\",\"message\":\"SyntaxError: "), e);
        }
        d.send(a, "null");
        d.expect(a, "{\"type\":\"error\",\"code\":\"ERR_BAD_SIGNAL\",\"message\":\"Invalid signal: null\"}");
        // Wrong types: a non-string remotePeerId matches no peer, a non-string type is relayed (not paired here).
        d.send(a, "{\"type\":\"pair\",\"remotePeerId\":5}");
        d.expect(a, NOT_FOUND);
        d.send(a, "{\"type\":5}");
        d.expect(a, BAD_STATE);
        d.send(a, "{\"type\":\"listPeers\"}");
        d.expect(a, "{\"type\":\"peers\",\"peers\":[{\"id\":\"a\",\"type\":\"t\",\"busy\":true}]}");
    }
}

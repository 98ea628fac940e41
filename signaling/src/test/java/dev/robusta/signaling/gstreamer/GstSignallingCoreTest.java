package dev.robusta.signaling.gstreamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.signaling.CoreDriver;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GStreamer signalling core without sockets, against docs/protocols/gstreamer.md section 7. */
class GstSignallingCoreTest {
    private final ArrayDeque<String> ids = new ArrayDeque<>();
    private final GstSignallingCore core = new GstSignallingCore(ids::poll, false);
    private final CoreDriver d = new CoreDriver(core);

    private long connect(String id) {
        ids.add(id);
        long c = d.connect("/");
        d.expect(c, "{\"type\":\"welcome\",\"peerId\":\"" + id + "\"}");
        return c;
    }

    /** L (listener "dash") and P1 (producer "cam-1"), as at the end of vector 7.1. */
    private long[] vector71() {
        long l = connect("L1");
        d.send(l, "{\"type\":\"setPeerStatus\",\"roles\":[\"listener\"],\"meta\":{\"name\":\"dash\"}}");
        d.expect(l, "{\"type\":\"peerStatusChanged\",\"roles\":[\"listener\"],\"meta\":{\"name\":\"dash\"},"
                + "\"peerId\":\"L1\"}");
        long p = connect("P1");
        d.send(p, "{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"],\"meta\":{\"name\":\"cam-1\"},"
                + "\"peerId\":\"P1\"}");
        d.expect(l, "{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\"],\"meta\":{\"name\":\"cam-1\"},"
                + "\"peerId\":\"P1\"}");
        d.expectNothing(p);
        d.send(l, "{\"type\":\"list\"}");
        d.expect(l, "{\"type\":\"list\",\"producers\":[{\"id\":\"P1\",\"meta\":{\"name\":\"cam-1\"}}]}");
        return new long[] {l, p};
    }

    @Test
    void vector71ProducerRegistrationSeenByAListener() {
        vector71();
    }

    @Test
    void vector72ConsumerSessionProducerOffersConsumerHangsUp() {
        long[] lp = vector71();
        long p = lp[1];
        long c = connect("C1");
        ids.add("S1");
        d.send(c, "{\"type\":\"startSession\",\"peerId\":\"P1\"}");
        d.expect(c, "{\"type\":\"sessionStarted\",\"peerId\":\"P1\",\"sessionId\":\"S1\"}");
        d.expect(p, "{\"type\":\"startSession\",\"peerId\":\"C1\",\"sessionId\":\"S1\",\"offer\":null}");
        d.send(p, "{\"type\":\"peer\",\"sessionId\":\"S1\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n...\"}}");
        d.expect(c, "{\"type\":\"peer\",\"sessionId\":\"S1\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n...\"}}");
        d.send(p, "{\"type\":\"peer\",\"sessionId\":\"S1\",\"ice\":{\"candidate\":\"candidate:1 1 UDP 2015363327 "
                + "192.0.2.5 40000 typ host\",\"sdpMLineIndex\":0}}");
        d.expect(c, "{\"type\":\"peer\",\"sessionId\":\"S1\",\"ice\":{\"candidate\":\"candidate:1 1 UDP 2015363327 "
                + "192.0.2.5 40000 typ host\",\"sdpMLineIndex\":0}}");
        d.send(c, "{\"type\":\"peer\",\"sessionId\":\"S1\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n...\"}}");
        d.expect(p, "{\"type\":\"peer\",\"sessionId\":\"S1\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n...\"}}");
        d.send(c, "{\"type\":\"peer\",\"sessionId\":\"S1\",\"ice\":{\"candidate\":\"candidate:2 1 UDP 2015363327 "
                + "192.0.2.9 50000 typ host\",\"sdpMLineIndex\":0,\"sdpMid\":\"video0\",\"usernameFragment\":\"abcd\"}}");
        d.expect(p, "{\"type\":\"peer\",\"sessionId\":\"S1\",\"ice\":{\"candidate\":\"candidate:2 1 UDP 2015363327 "
                + "192.0.2.9 50000 typ host\",\"sdpMLineIndex\":0}}");
        d.send(c, "{\"type\":\"endSession\",\"sessionId\":\"S1\"}");
        d.expect(p, "{\"type\":\"endSession\",\"sessionId\":\"S1\"}");
        d.expectNothing(c, p, lp[0]);
        assertEquals(0, core.sessionCount());
    }

    @Test
    void vector73Errors() {
        long[] lp = vector71();
        long p = lp[1];
        long c = connect("C1");
        d.send(c, "{\"type\":\"startSession\",\"peerId\":\"nobody\"}");
        d.expect(c, "{\"type\":\"error\",\"details\":\"Peer with ID 'nobody' not found\"}");
        d.send(c, "{\"type\":\"startSession\",\"peerId\":\"L1\"}");
        d.expect(c, "{\"type\":\"error\",\"details\":\"Missing a producer or a consumer: id C1 roles [], id L1 roles "
                + "[Listener]\"}");
        ids.add("S2");
        d.send(c, "{\"type\":\"startSession\",\"peerId\":\"P1\"}");
        d.drainTo(c);
        d.drainTo(p);
        d.send(c, "{\"type\":\"peer\",\"sessionId\":\"S2\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n...\"}}");
        d.expect(c, "{\"type\":\"error\",\"details\":\"cannot forward offer from \\\"C1\\\" to \\\"P1\\\" as \\\"C1\\\" "
                + "is not the producer\"}");
        d.expectNothing(p);
        d.send(p, "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}");
        d.expect(p, "{\"type\":\"error\",\"details\":\"Protocol version selection for peer 'P1' must be first message\"}");
        long x = connect("X1");
        d.send(x, "{\"type\":\"setPeerStatus\",\"roles\":[\"producer\",\"consumer\"]}");
        d.expect(x, "{\"type\":\"error\",\"details\":\"Cannot register peer X1 as both producer and passive consumer\"}");
        for (String bad : List.of("{\"type\":\"nonsense\"}", "not json", "[]", "null", "{\"type\":3}",
                "{\"type\":\"setPeerStatus\"}", "{\"type\":\"setPeerStatus\",\"roles\":[\"boss\"]}",
                "{\"type\":\"startSession\"}", "{\"type\":\"startSession\",\"peerId\":7}",
                "{\"type\":\"peer\",\"sessionId\":\"S2\"}",
                "{\"type\":\"peer\",\"sessionId\":\"S2\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":null}}",
                "{\"type\":\"peer\",\"sessionId\":\"S2\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":-1}}",
                "{\"type\":\"peer\",\"sessionId\":\"S2\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":1.5}}",
                "{\"type\":\"peer\",\"sessionId\":\"S2\",\"sdp\":{\"type\":\"pranswer\",\"sdp\":\"x\"}}",
                "{\"type\":\"setProtocolVersion\",\"version\":\"1.1\"}", "{\"type\":\"endSession\"}")) {
            d.send(c, bad);
            d.expectNothing(c, p, x, lp[0]);
        }
        // Messages for unknown sessions are ignored silently.
        d.send(c, "{\"type\":\"peer\",\"sessionId\":\"nope\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":0}}");
        d.send(c, "{\"type\":\"endSession\",\"sessionId\":\"nope\"}");
        d.expectNothing(c, p);
        // A non-member touching a session gets an error; its endSession still destroys the session (reference).
        d.send(x, "{\"type\":\"peer\",\"sessionId\":\"S2\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":0}}");
        d.expect(x, "{\"type\":\"error\",\"details\":\"Peer X1 is not part of S2\"}");
        d.send(x, "{\"type\":\"endSession\",\"sessionId\":\"S2\"}");
        d.expect(x, "{\"type\":\"error\",\"details\":\"Peer X1 is not part of S2\"}");
        d.expectNothing(c, p);
        assertEquals(0, core.sessionCount());
    }

    @Test
    void vector74Version11ProducerStopsThenDisconnects() {
        long l = connect("L1");
        d.send(l, "{\"type\":\"setPeerStatus\",\"roles\":[\"listener\"],\"meta\":{\"name\":\"dash\"}}");
        d.drainTo(l);
        long c = connect("C1");
        ids.add("P2");
        long p = d.connect("/");
        d.send(p, "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}");
        d.expect(p, "{\"type\":\"welcome\",\"peerId\":\"P2\"}");
        d.expectNothing(p);
        d.send(p, "{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"],\"meta\":null}");
        d.expect(l, "{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\"],\"meta\":null,\"peerId\":\"P2\"}");
        ids.add("S3");
        d.send(c, "{\"type\":\"startSession\",\"peerId\":\"P2\"}");
        d.expect(c, "{\"type\":\"sessionStarted\",\"peerId\":\"P2\",\"sessionId\":\"S3\"}");
        d.expect(p, "{\"type\":\"startSession\",\"peerId\":\"C1\",\"sessionId\":\"S3\",\"offer\":null}");
        d.send(c, "{\"type\":\"endSessionV1_1\",\"sessionId\":\"S3\",\"error\":\"decoder failed\"}");
        d.expect(c, "{\"type\":\"error\",\"details\":\"Invalid end session message with error from peer 'C1', minimum "
                + "protocol version is 1.1\"}");
        d.expectNothing(p);
        assertEquals(0, core.sessionCount());
        ids.add("S4");
        d.send(c, "{\"type\":\"startSession\",\"peerId\":\"P2\"}");
        d.expect(c, "{\"type\":\"sessionStarted\",\"peerId\":\"P2\",\"sessionId\":\"S4\"}");
        d.expect(p, "{\"type\":\"startSession\",\"peerId\":\"C1\",\"sessionId\":\"S4\",\"offer\":null}");
        // A v1_1 consumer's end with an error reaches a v1_1 producer as endSessionV1_1.
        d.send(p, "{\"type\":\"setPeerStatus\",\"roles\":[],\"meta\":null}");
        d.expect(c, "{\"type\":\"endSession\",\"sessionId\":\"S4\"}");
        d.expect(l, "{\"type\":\"peerStatusChanged\",\"roles\":[],\"meta\":null,\"peerId\":\"P2\"}");
        d.close(p);
        d.expect(l, "{\"type\":\"peerStatusChanged\",\"roles\":[],\"meta\":null,\"peerId\":\"P2\"}");
        d.expectNothing(c, l);
    }

    @Test
    void endSessionV11CarriesTheErrorToAV11Peer() {
        ids.add("P3");
        long p = d.connect("/");
        d.send(p, "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}");
        d.drainTo(p);
        d.send(p, "{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"]}");
        ids.add("C3");
        long c = d.connect("/");
        d.send(c, "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}");
        d.drainTo(c);
        ids.add("S5");
        d.send(c, "{\"type\":\"startSession\",\"peerId\":\"P3\"}");
        d.drainTo(c);
        d.drainTo(p);
        d.send(c, "{\"type\":\"endSessionV1_1\",\"sessionId\":\"S5\",\"error\":\"decoder failed\"}");
        d.expect(p, "{\"type\":\"endSessionV1_1\",\"sessionId\":\"S5\",\"error\":\"decoder failed\"}");
        ids.add("S6");
        d.send(c, "{\"type\":\"startSession\",\"peerId\":\"P3\"}");
        d.drainTo(c);
        d.drainTo(p);
        // Disconnect of a v1_1 member: the other v1_1 member gets endSessionV1_1 with a null error.
        d.close(c);
        d.expect(p, "{\"type\":\"endSessionV1_1\",\"sessionId\":\"S6\",\"error\":null}");
    }

    @Test
    void vector75ConsumerSuppliesTheOffer() {
        long[] lp = vector71();
        long p = lp[1];
        long c = connect("C1");
        ids.add("S5");
        d.send(c, "{\"type\":\"startSession\",\"peerId\":\"P1\",\"offer\":\"v=0\\r\\n...\"}");
        d.expect(c, "{\"type\":\"sessionStarted\",\"peerId\":\"P1\",\"sessionId\":\"S5\"}");
        d.expect(p, "{\"type\":\"startSession\",\"peerId\":\"C1\",\"sessionId\":\"S5\",\"offer\":\"v=0\\r\\n...\"}");
        d.send(p, "{\"type\":\"peer\",\"sessionId\":\"S5\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n...\"}}");
        d.expect(c, "{\"type\":\"peer\",\"sessionId\":\"S5\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n...\"}}");
    }

    @Test
    void passiveConsumersAreListedAndCalledByProducers() {
        long p = connect("P1");
        d.send(p, "{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"]}");
        long c = connect("C1");
        d.send(c, "{\"type\":\"setPeerStatus\",\"roles\":[\"consumer\"],\"meta\":{\"room\":1}}");
        d.send(p, "{\"type\":\"listConsumers\"}");
        d.expect(p, "{\"type\":\"listConsumers\",\"consumers\":[{\"id\":\"C1\",\"meta\":{\"room\":1}}]}");
        ids.add("S7");
        d.send(p, "{\"type\":\"startSession\",\"peerId\":\"C1\"}");
        d.expect(c, "{\"type\":\"sessionStarted\",\"peerId\":\"P1\",\"sessionId\":\"S7\"}");
        d.expect(p, "{\"type\":\"startSession\",\"peerId\":\"C1\",\"sessionId\":\"S7\",\"offer\":null}");
        // The consumer drops its passive role: its consumer sessions end.
        d.send(c, "{\"type\":\"setPeerStatus\",\"roles\":[]}");
        d.expect(p, "{\"type\":\"endSession\",\"sessionId\":\"S7\"}");
    }

    @Test
    void severalConsumersPerProducerAndListenersSeeEveryDeparture() {
        long l = connect("L1");
        d.send(l, "{\"type\":\"setPeerStatus\",\"roles\":[\"listener\"]}");
        d.drainTo(l);
        long p = connect("P1");
        d.send(p, "{\"type\":\"setPeerStatus\",\"roles\":[\"producer\",\"listener\"],\"meta\":{\"n\":1}}");
        d.expect(p, "{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\",\"listener\"],\"meta\":{\"n\":1},"
                + "\"peerId\":\"P1\"}");
        d.drainTo(l);
        long c1 = connect("C1");
        long c2 = connect("C2");
        ids.add("SA");
        d.send(c1, "{\"type\":\"startSession\",\"peerId\":\"P1\"}");
        ids.add("SB");
        d.send(c2, "{\"type\":\"startSession\",\"peerId\":\"P1\"}");
        d.drainTo(c1);
        d.drainTo(c2);
        d.drainTo(p);
        d.send(p, "{\"type\":\"peer\",\"sessionId\":\"SB\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"b\"}}");
        d.expect(c2, "{\"type\":\"peer\",\"sessionId\":\"SB\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"b\"}}");
        d.expectNothing(c1);
        // A consumer that never set a status leaves: listeners (P1 included) still get roles [] for it.
        d.close(c1);
        d.expect(p, "{\"type\":\"endSession\",\"sessionId\":\"SA\"}");
        d.expect(l, "{\"type\":\"peerStatusChanged\",\"roles\":[],\"meta\":null,\"peerId\":\"C1\"}");
        d.expect(p, "{\"type\":\"peerStatusChanged\",\"roles\":[],\"meta\":null,\"peerId\":\"C1\"}");
        d.close(p);
        d.expect(c2, "{\"type\":\"endSession\",\"sessionId\":\"SB\"}");
        d.expect(l, "{\"type\":\"peerStatusChanged\",\"roles\":[],\"meta\":{\"n\":1},\"peerId\":\"P1\"}");
        assertEquals(0, core.sessionCount());
    }

    @Test
    void unchangedStatusIsIgnoredAndNewPeerResetsTheRecord() {
        long l = connect("L1");
        // The default status (no roles, no meta, no peerId) is "unchanged": nothing happens.
        d.send(l, "{\"type\":\"setPeerStatus\",\"roles\":[],\"meta\":null}");
        d.expectNothing(l);
        d.send(l, "{\"type\":\"setPeerStatus\",\"roles\":[\"listener\"],\"peerId\":\"L1\"}");
        d.expect(l, "{\"type\":\"peerStatusChanged\",\"roles\":[\"listener\"],\"meta\":null,\"peerId\":\"L1\"}");
        d.send(l, "{\"type\":\"setPeerStatus\",\"roles\":[\"listener\"],\"peerId\":\"L1\"}");
        d.expectNothing(l);
        d.send(l, "{\"type\":\"newPeer\"}");
        d.expect(l, "{\"type\":\"welcome\",\"peerId\":\"L1\"}");
        d.send(l, "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}");
        assertTrue(d.poll(l).contains("must be first message"));
    }

    @Test
    void reportInvalidAnswersUnparseableMessages() {
        GstSignallingCore strict = new GstSignallingCore(() -> "Z1", true);
        CoreDriver s = new CoreDriver(strict);
        long z = s.connect("/");
        s.poll(z);
        s.send(z, "{\"type\":\"nonsense\"}");
        assertEquals("{\"type\":\"error\",\"details\":\"Invalid message: unknown variant `nonsense`\"}", s.poll(z));
        s.send(z, "{oops");
        assertTrue(s.poll(z).startsWith("{\"type\":\"error\",\"details\":\"Invalid message: "));
    }

    @Test
    void rustDebugFormOfRoles() {
        assertEquals("[]", GstSignallingCore.debugRoles(List.of()));
        assertEquals("[Producer, Listener]", GstSignallingCore.debugRoles(List.of("producer", "listener")));
    }
}

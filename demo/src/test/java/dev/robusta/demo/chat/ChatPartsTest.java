package dev.robusta.demo.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The chat demo's small parts: channel messages, round-trip bookkeeping, candidates, command line. */
class ChatPartsTest {
    @Test
    void parsesThePagesMessagesAndTreatsAnythingElseAsAChatLine() {
        assertEquals(new ChatMessages.Incoming.Chat(3, "hi"), ChatMessages.parse("{\"type\":\"chat\",\"seq\":3,\"text\":\"hi\"}"));
        assertEquals(new ChatMessages.Incoming.Pong(9), ChatMessages.parse("{\"type\":\"pong\",\"seq\":9}"));
        assertEquals(new ChatMessages.Incoming.Other("pong"), ChatMessages.parse("{\"type\":\"pong\",\"seq\":\"x\"}"));
        assertEquals(new ChatMessages.Incoming.Other("ping"), ChatMessages.parse("{\"type\":\"ping\",\"seq\":1}"));
        assertEquals(new ChatMessages.Incoming.Chat(-1, "plain words"), ChatMessages.parse("plain words"));
        assertEquals(new ChatMessages.Incoming.Chat(-1, "[1,2]"), ChatMessages.parse("[1,2]"));
        assertEquals(new ChatMessages.Incoming.Chat(-1, "{\"type\":"), ChatMessages.parse("{\"type\":"));
    }

    @Test
    void writesEchoesPingsAndRoundTrips() {
        assertEquals("{\"type\":\"echo\",\"seq\":1,\"text\":\"a \\\"b\\\"\"}", ChatMessages.echo(1, "a \"b\""));
        assertEquals("{\"type\":\"echo\",\"text\":\"x\"}", ChatMessages.echo(-1, "x"));
        assertEquals("{\"type\":\"ping\",\"seq\":5}", ChatMessages.ping(5));
        assertEquals("{\"type\":\"rtt\",\"seq\":5,\"ms\":0.123,\"medianMs\":2.0,\"count\":4}",
                ChatMessages.rtt(5, 0.12345, 2.0, 4));
    }

    @Test
    void roundTripsMatchPongsToPingsAndTakeTheMedianOfTheLatest() {
        RoundTrips r = new RoundTrips();
        assertTrue(Double.isNaN(r.medianMs()));
        long s1 = r.sent(1_000_000);
        long s2 = r.sent(2_000_000);
        assertEquals(2, s2 - s1 + 1);
        assertEquals(4.0, r.answered(s2, 6_000_000), 1e-9);
        assertTrue(Double.isNaN(r.answered(s2, 7_000_000)), "a pong counts once");
        assertTrue(Double.isNaN(r.answered(99, 7_000_000)), "no such ping");
        assertTrue(Double.isNaN(r.answered(0, 7_000_000)));
        assertEquals(9.0, r.answered(s1, 10_000_000), 1e-9);
        assertEquals(6.5, r.medianMs(), 1e-9);
        assertEquals(2, r.count());
        assertEquals(9.0, r.lastMs(), 1e-9);
        // A ping overtaken by IN_FLIGHT later ones is forgotten.
        long old = r.sent(0);
        for (int i = 0; i < RoundTrips.IN_FLIGHT; i++) {
            r.sent(0);
        }
        assertTrue(Double.isNaN(r.answered(old, 1)));
        // The median window keeps the latest WINDOW round trips: 1 ms each pushes the 4 and 9 out.
        RoundTrips w = new RoundTrips();
        w.answered(w.sent(0), 100_000_000);
        for (int i = 0; i < RoundTrips.WINDOW; i++) {
            w.answered(w.sent(0), 1_000_000);
        }
        assertEquals(1.0, w.medianMs(), 1e-9);
    }

    @Test
    void recognisesMdnsCandidates() {
        assertTrue(ChatSession.isMdnsCandidate(
                "candidate:1 1 udp 2113937151 0f3c9b0e-4d1e-4f0c-9d6b-7f0f6f1a2b3c.local 54321 typ host generation 0"));
        assertFalse(ChatSession.isMdnsCandidate("candidate:1 1 udp 2113937151 127.0.0.1 54321 typ host"));
        assertFalse(ChatSession.isMdnsCandidate(""));
    }

    @Test
    void commandLine() {
        assertEquals(ChatDemo.DEFAULT_PORT, ChatDemoMain.parse(new String[0]).port());
        ChatDemo.Options o = ChatDemoMain.parse(new String[] {"--port", "0", "--max-tabs", "3"});
        assertEquals(0, o.port());
        assertEquals(3, o.maxSessions());
        assertEquals(Duration.ofSeconds(1), o.pingInterval());
        assertNull(ChatDemoMain.parse(new String[] {"--help"}));
        assertThrows(IllegalArgumentException.class, () -> ChatDemoMain.parse(new String[] {"--port"}));
        assertThrows(IllegalArgumentException.class, () -> ChatDemoMain.parse(new String[] {"--port", "x"}));
        assertThrows(IllegalArgumentException.class, () -> ChatDemoMain.parse(new String[] {"--port", "70000"}));
        assertThrows(IllegalArgumentException.class, () -> ChatDemoMain.parse(new String[] {"--bogus"}));
    }
}

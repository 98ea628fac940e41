package dev.robusta.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.signaling.server.HandshakeRequest;
import dev.robusta.signaling.server.HandshakeVerdict;
import dev.robusta.signaling.server.ServerCore;
import dev.robusta.signaling.server.ServerOutput;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Drives a sans-IO core by hand: connections are numbers, outputs are kept per connection. */
public final class CoreDriver {
    private final ServerCore core;
    private final Map<Long, ArrayDeque<String>> received = new HashMap<>();
    private final Map<Long, ServerOutput.Close> closes = new HashMap<>();
    private long next = 1;

    public CoreDriver(ServerCore core) {
        this.core = core;
    }

    public HandshakeVerdict handshake(long id, String target, Map<String, List<String>> headers) {
        HandshakeVerdict v = core.handshake(id, new HandshakeRequest(target, headers,
                new InetSocketAddress("127.0.0.1", 40000 + (int) id)));
        drain();
        return v;
    }

    /** Handshake and open; asserts the handshake is accepted. Returns the connection id. */
    public long connect(String target) {
        long id = next++;
        HandshakeVerdict v = handshake(id, target, Map.of());
        assertTrue(v instanceof HandshakeVerdict.Accept, "handshake of " + target + " refused: " + v);
        core.open(id);
        drain();
        return id;
    }

    public long nextId() {
        return next++;
    }

    public void open(long id) {
        core.open(id);
        drain();
    }

    public void send(long id, String text) {
        core.text(id, text);
        drain();
    }

    public void close(long id) {
        core.closed(id);
        drain();
    }

    /** The next message the core sent to a connection, or null. */
    public String poll(long id) {
        ArrayDeque<String> q = received.get(id);
        return q == null ? null : q.poll();
    }

    /** Asserts the next message to {@code id} is exactly {@code expected}. */
    public void expect(long id, String expected) {
        assertEquals(expected, poll(id), "message to #" + id);
    }

    /** Asserts nothing more was sent to these connections. */
    public void expectNothing(long... ids) {
        for (long id : ids) {
            assertEquals(null, poll(id), "unexpected message to #" + id);
        }
    }

    public List<String> drainTo(long id) {
        List<String> all = new ArrayList<>();
        for (String s; (s = poll(id)) != null; ) {
            all.add(s);
        }
        return all;
    }

    /** The close the core asked for on a connection, or null. */
    public ServerOutput.Close closeOf(long id) {
        return closes.get(id);
    }

    private void drain() {
        for (ServerOutput o; (o = core.poll()) != null; ) {
            if (o instanceof ServerOutput.Send s) {
                received.computeIfAbsent(s.connectionId(), k -> new ArrayDeque<>()).add(s.text());
            } else if (o instanceof ServerOutput.Close c) {
                closes.put(c.connectionId(), c);
            }
        }
    }
}

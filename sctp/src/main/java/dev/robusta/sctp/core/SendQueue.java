package dev.robusta.sctp.core;

import java.util.ArrayDeque;

/**
 * Outgoing messages per stream and the scheduler that picks the next one: round robin between streams, one whole
 * message at a time, since without I-DATA (RFC 8260) the fragments of a message must take consecutive TSNs
 * (RFC 9260 section 6.9).
 */
final class SendQueue {
    /** Told when bytes leave the queue (sent once, or dropped), for bufferedAmount. */
    interface Listener {
        void bufferedAmountDecreased(int stream, long bufferedBytes);

        /** A message that never had a chunk sent was dropped (PR-SCTP lifetime). */
        void messageDropped(OutgoingMessage message);
    }

    private final Listener listener;
    private OutboundStream[] streams = new OutboundStream[8];
    private final ArrayDeque<OutboundStream> roundRobin = new ArrayDeque<>();
    private OutgoingMessage current;
    private long totalBuffered;

    SendQueue(Listener listener) {
        this.listener = listener;
    }

    OutboundStream stream(int id) {
        if (id >= streams.length) {
            int n = streams.length;
            while (n <= id) {
                n *= 2;
            }
            streams = java.util.Arrays.copyOf(streams, Math.min(n, 65536));
        }
        OutboundStream s = streams[id];
        if (s == null) {
            s = new OutboundStream(id);
            streams[id] = s;
        }
        return s;
    }

    OutboundStream existing(int id) {
        return id < streams.length ? streams[id] : null;
    }

    long totalBuffered() {
        return totalBuffered;
    }

    boolean isEmpty() {
        return current == null && totalBuffered == 0 && roundRobin.isEmpty();
    }

    void add(OutgoingMessage m) {
        OutboundStream s = stream(m.stream);
        s.queue.add(m);
        s.bufferedBytes += m.data.length;
        totalBuffered += m.data.length;
        schedule(s);
    }

    private void schedule(OutboundStream s) {
        if (!s.scheduled && !s.resetPending && !s.queue.isEmpty()) {
            s.scheduled = true;
            roundRobin.add(s);
        }
    }

    /** Makes a stream schedulable again after its reset completed. */
    void resume(OutboundStream s) {
        schedule(s);
    }

    /**
     * The message the next DATA chunk comes from, or null when nothing can be sent. A message whose lifetime ran
     * out before its first chunk was sent is dropped here.
     */
    OutgoingMessage next(long nowNanos) {
        if (current != null) {
            return current;
        }
        while (!roundRobin.isEmpty()) {
            OutboundStream s = roundRobin.peek();
            OutgoingMessage m = s.queue.peek();
            if (m == null || s.resetPending) {
                roundRobin.poll();
                s.scheduled = false;
                continue;
            }
            if (m.expiresAtNanos <= nowNanos) {
                s.queue.poll();
                drop(s, m.data.length);
                listener.messageDropped(m);
                continue;
            }
            return m;
        }
        return null;
    }

    /** Takes the first fragment of {@code m} (returned by {@link #next}): assigns its SSN and rotates the streams. */
    void start(OutgoingMessage m) {
        OutboundStream s = streams[m.stream];
        s.queue.poll();
        if (!m.unordered) {
            m.ssn = s.nextSsn;
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
        }
        current = m;
        roundRobin.poll();
        s.scheduled = false;
        schedule(s);
    }

    /** {@code len} bytes of the current message went into a DATA chunk. */
    void consumed(OutgoingMessage m, int len) {
        m.offset += len;
        OutboundStream s = streams[m.stream];
        s.bufferedBytes -= len;
        totalBuffered -= len;
        if (m.offset == m.data.length) {
            current = null;
        }
        listener.bufferedAmountDecreased(m.stream, s.bufferedBytes);
    }

    /** Drops what is left of an abandoned message that was being sent. */
    void abandonRemainder(OutgoingMessage m) {
        if (current == m) {
            current = null;
            int left = m.remaining();
            m.offset = m.data.length;
            if (left > 0) {
                drop(streams[m.stream], left);
            }
        }
    }

    private void drop(OutboundStream s, int bytes) {
        s.bufferedBytes -= bytes;
        totalBuffered -= bytes;
        listener.bufferedAmountDecreased(s.id, s.bufferedBytes);
    }

    /** Whether the stream has nothing queued and no message of it is half sent (its reset may go out). */
    boolean drained(OutboundStream s) {
        return s.queue.isEmpty() && (current == null || current.stream != s.id);
    }

    /** Drops everything (the association is closing). */
    void clear() {
        for (OutboundStream s : streams) {
            if (s != null) {
                s.queue.clear();
                s.bufferedBytes = 0;
                s.scheduled = false;
            }
        }
        roundRobin.clear();
        current = null;
        totalBuffered = 0;
    }
}

package dev.robusta.sctp.core;

import java.util.ArrayDeque;

/** One outgoing stream: its queue of messages, next SSN and the bytes not yet sent (bufferedAmount). */
final class OutboundStream {
    final int id;
    final ArrayDeque<OutgoingMessage> queue = new ArrayDeque<>(4);
    /** Next stream sequence number, 16 bits. */
    int nextSsn;
    /** User bytes queued and not yet put on the wire once. */
    long bufferedBytes;
    /** In the scheduler's round-robin list. */
    boolean scheduled;
    /** A reset (RFC 6525) is wanted or in flight: nothing more is scheduled. */
    boolean resetPending;
    boolean resetInFlight;

    OutboundStream(int id) {
        this.id = id;
    }
}

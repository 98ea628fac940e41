package dev.robusta.sctp.core;

import java.util.ArrayDeque;

/** One outgoing stream: its queued messages, next SSN, and the bytes not yet sent once (bufferedAmount). */
final class OutboundStream {
    final int id;
    final ArrayDeque<OutgoingMessage> queue = new ArrayDeque<>(4);
    /** Next stream sequence number (16 bits). */
    int nextSsn;
    long bufferedBytes;
    /** In the scheduler's round robin. */
    boolean scheduled;
    /** A reset (RFC 6525) was asked for: the stream takes no new message until it completes. */
    boolean resetRequested;

    OutboundStream(int id) {
        this.id = id;
    }
}

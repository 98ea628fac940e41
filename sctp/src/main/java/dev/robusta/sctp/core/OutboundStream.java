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
    /** Scheduling weight: the DCEP priority (RFC 8831 6.4: 128 below normal ... 1024 extra high). */
    int priority = 256;
    /** Weighted fair queueing: the virtual finish time of the head message, and of the last message sent. */
    long finishTag;
    long lastFinish;
    long order;

    OutboundStream(int id) {
        this.id = id;
    }
}

package dev.robusta.sctp.core;

/** A DATA chunk that has a TSN and is not yet cumulatively acknowledged; slots are reused through the ring. */
final class SentChunk {
    /** Sent and counted in the flight size. */
    static final byte IN_FLIGHT = 1;
    /** Acknowledged by a gap block: kept until the cumulative ack passes it (the peer may still renege). */
    static final byte ACKED = 2;
    /** Deemed lost (fast retransmit, T3-rtx, renege): out of the flight, waiting to be sent again. */
    static final byte TO_RETRANSMIT = 3;
    /** Given up (PR-SCTP): skipped with FORWARD-TSN. */
    static final byte ABANDONED = 4;

    int tsn;
    OutgoingMessage message;
    /** Offset of this fragment within the message. */
    int offset;
    int length;
    int flags;
    byte state;
    int transmissions;
    int missIndications;
    boolean fastRetransmitted;
    long sentAtNanos;
}

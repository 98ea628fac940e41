package dev.robusta.sctp.core;

/** A DATA chunk that has a TSN and is not yet cumulatively acknowledged. Reused through the ring. */
final class SentChunk {
    static final byte IN_FLIGHT = 1;
    /** Acknowledged by a gap block (kept until the cumulative ack passes it). */
    static final byte ACKED = 2;
    /** Lost (fast retransmit or T3-rtx): out of the flight, waiting to be sent again. */
    static final byte TO_RETRANSMIT = 3;
    /** Given up (PR-SCTP): skipped by FORWARD TSN. */
    static final byte ABANDONED = 4;

    int tsn;
    OutgoingMessage message;
    int offset;
    int length;
    int flags;
    byte state;
    int transmissions;
    int missReports;
    boolean fastRetransmitted;
    long sentAtNanos;

    int stream() {
        return message.stream;
    }
}

package dev.robusta.sctp.core;

/**
 * A user message queued for sending. Its bytes are the one copy made when the application sent it; every DATA
 * chunk (and its retransmissions) is written from here straight into an outgoing packet.
 */
final class OutgoingMessage {
    final int stream;
    final int ppid;
    final byte[] data;
    final boolean unordered;
    /** Retransmissions allowed per chunk (PR-SCTP "rtx" policy); -1 when unlimited. */
    final int maxRetransmits;
    /** When the message is abandoned (PR-SCTP "ttl" policy), nanoseconds; Long.MAX_VALUE when never. */
    final long expiresAtNanos;
    /** Stream sequence number, assigned when the first fragment is sent (0 for unordered messages). */
    int ssn;
    /** Bytes already cut into DATA chunks. */
    int offset;
    /** TSN of the first fragment and the number of fragments sent so far: fragments have consecutive TSNs. */
    int firstTsn;
    int fragments;
    boolean abandoned;

    OutgoingMessage(int stream, int ppid, byte[] data, boolean unordered, int maxRetransmits, long expiresAtNanos) {
        this.stream = stream;
        this.ppid = ppid;
        this.data = data;
        this.unordered = unordered;
        this.maxRetransmits = maxRetransmits;
        this.expiresAtNanos = expiresAtNanos;
    }

    boolean started() {
        return fragments > 0;
    }

    int remaining() {
        return data.length - offset;
    }
}

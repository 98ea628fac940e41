package dev.robusta.sctp.core;

/**
 * A user message queued for sending. {@link #data} is the one copy the stack holds: every DATA chunk of the
 * message (and each retransmission) is written from it straight into an outgoing packet.
 */
final class OutgoingMessage {
    final int stream;
    final int ppid;
    final byte[] data;
    final int offset;
    final int length;
    final boolean unordered;
    /** Retransmissions allowed per chunk (PR-SCTP "rtx" policy, RFC 3758); -1 when unlimited. */
    final int maxRetransmits;
    /** When the message is given up (PR-SCTP "ttl" policy), nanoseconds; Long.MAX_VALUE when never. */
    final long expiresAtNanos;
    /** Stream sequence number, assigned with the first fragment. */
    int ssn;
    /** Bytes already cut into DATA chunks (relative to {@link #offset}). */
    int sent;
    int firstTsn;
    int lastTsn;
    boolean abandoned;

    OutgoingMessage(int stream, int ppid, byte[] data, int offset, int length, boolean unordered,
                    int maxRetransmits, long expiresAtNanos) {
        this.stream = stream;
        this.ppid = ppid;
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.unordered = unordered;
        this.maxRetransmits = maxRetransmits;
        this.expiresAtNanos = expiresAtNanos;
    }

    boolean started() {
        return sent > 0;
    }

    int remaining() {
        return length - sent;
    }
}

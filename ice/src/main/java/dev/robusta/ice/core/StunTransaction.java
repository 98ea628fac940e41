package dev.robusta.ice.core;

import dev.robusta.ice.stun.TransactionId;

/**
 * Retransmission timing of one STUN request over UDP (RFC 8489 section 6.2.1): sent at 0, RTO, 3 RTO, 7 RTO...
 * Rc times in all, then failed after Rm * RTO more. The deadline is computed, never scheduled.
 */
final class StunTransaction {
    final TransactionId id;
    final byte[] request;
    private final long rtoNanos;
    private final int maxTransmissions;
    private final int lastWaitMultiplier;
    private int transmissions;
    private long intervalNanos;
    long deadlineNanos;
    /** A cancelled transaction is not retransmitted, but its late response is still recognised. */
    boolean cancelled;

    StunTransaction(TransactionId id, byte[] request, long rtoNanos, int maxTransmissions, int lastWaitMultiplier) {
        this.id = id;
        this.request = request;
        this.rtoNanos = rtoNanos;
        this.maxTransmissions = maxTransmissions;
        this.lastWaitMultiplier = lastWaitMultiplier;
        this.intervalNanos = rtoNanos;
    }

    /** Records a transmission at {@code now} and sets the next deadline. */
    void sent(long now) {
        transmissions++;
        deadlineNanos = now + (transmissions >= maxTransmissions ? rtoNanos * lastWaitMultiplier : intervalNanos);
        intervalNanos *= 2;
    }

    /** True when the deadline passed after the last transmission: the transaction has failed. */
    boolean exhausted() {
        return transmissions >= maxTransmissions;
    }

    int transmissions() {
        return transmissions;
    }
}

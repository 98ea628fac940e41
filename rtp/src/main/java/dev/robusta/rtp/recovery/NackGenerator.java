package dev.robusta.rtp.recovery;

import java.util.Arrays;

/**
 * The receiver's side of RFC 4585 generic NACK. It watches extended sequence numbers, lists the gaps, waits
 * {@code reorderWaitNanos} in case the packet was only reordered, then asks for each missing packet every {@code max(rtt * rttFactor, minRetryNanos)} until it arrives, has been asked
 * for {@code maxRetries} times, or is older than {@code maxAgeNanos} or than what the jitter buffer still wants.
 * Preallocated; {@link #poll} fills a caller's array. Not thread-safe.
 */
public final class NackGenerator {
    private final int capacity;
    private final long[] missing;     // extended sequence numbers, ascending
    private final long[] firstSeenNanos;
    private final long[] lastSentNanos;
    private final int[] retries;
    private int count;
    private long highest = -1;
    private long lowest = -1;
    private final int maxRetries;
    private final long maxAgeNanos;
    private final long minRetryNanos;
    private final double rttFactor;
    private final long reorderWaitNanos;
    private long gaveUp;
    private long requested;

    /**
     * @param capacity      most packets tracked at once (oldest are given up beyond it)
     * @param maxRetries    requests per packet before giving up
     * @param maxAgeNanos   give up on a packet missing for this long (the jitter buffer's window)
     * @param minRetryNanos least time between two requests for the same packet
     * @param rttFactor     retry after this many RTTs (1.5 leaves room for the RTX to arrive)
     * @param reorderWaitNanos how long a gap may be reordering before the first request (about the path jitter)
     */
    public NackGenerator(int capacity, int maxRetries, long maxAgeNanos, long minRetryNanos, double rttFactor,
            long reorderWaitNanos) {
        this.reorderWaitNanos = reorderWaitNanos;
        this.capacity = capacity;
        missing = new long[capacity];
        firstSeenNanos = new long[capacity];
        lastSentNanos = new long[capacity];
        retries = new int[capacity];
        this.maxRetries = maxRetries;
        this.maxAgeNanos = maxAgeNanos;
        this.minRetryNanos = minRetryNanos;
        this.rttFactor = rttFactor;
    }

    /** Notes a received packet (original or recovered). */
    public void onPacket(long nowNanos, long extendedSeq) {
        if (highest < 0) {
            highest = extendedSeq;
            lowest = extendedSeq;
            return;
        }
        if (extendedSeq < lowest) {
            // Reordered ahead of the first packet seen: the packets between were sent too.
            for (long seq = lowest - 1; seq > extendedSeq && count < capacity; seq--) {
                insertFirst(nowNanos, seq);
            }
            lowest = extendedSeq;
            return;
        }
        if (extendedSeq > highest) {
            long gap = extendedSeq - highest - 1;
            if (gap > capacity) { // a jump beyond what we can track: only the newest gaps are worth asking for
                gaveUp += gap - capacity;
                highest = extendedSeq - capacity - 1;
            }
            for (long seq = highest + 1; seq < extendedSeq; seq++) {
                add(nowNanos, seq);
            }
            highest = extendedSeq;
            return;
        }
        int i = Arrays.binarySearch(missing, 0, count, extendedSeq);
        if (i >= 0) {
            remove(i);
        }
    }

    private void add(long nowNanos, long seq) {
        if (count == capacity) {
            remove(0);
            gaveUp++;
        }
        missing[count] = seq;
        firstSeenNanos[count] = nowNanos;
        lastSentNanos[count] = Long.MIN_VALUE;
        retries[count] = 0;
        count++;
    }

    private void insertFirst(long nowNanos, long seq) {
        System.arraycopy(missing, 0, missing, 1, count);
        System.arraycopy(firstSeenNanos, 0, firstSeenNanos, 1, count);
        System.arraycopy(lastSentNanos, 0, lastSentNanos, 1, count);
        System.arraycopy(retries, 0, retries, 1, count);
        missing[0] = seq;
        firstSeenNanos[0] = nowNanos;
        lastSentNanos[0] = Long.MIN_VALUE;
        retries[0] = 0;
        count++;
    }

    private void remove(int i) {
        int tail = count - i - 1;
        System.arraycopy(missing, i + 1, missing, i, tail);
        System.arraycopy(firstSeenNanos, i + 1, firstSeenNanos, i, tail);
        System.arraycopy(lastSentNanos, i + 1, lastSentNanos, i, tail);
        System.arraycopy(retries, i + 1, retries, i, tail);
        count--;
    }

    /**
     * When the missing packet {@code extendedSeq} was last requested, or {@link Long#MIN_VALUE} if it is not
     * missing or was not requested yet. Asked before {@link #onPacket} for a packet that arrives, it gives the
     * receiver a round-trip sample (request to retransmission) without any RTCP extension.
     */
    public long lastRequestedNanos(long extendedSeq) {
        int i = Arrays.binarySearch(missing, 0, count, extendedSeq);
        return i >= 0 ? lastSentNanos[i] : Long.MIN_VALUE;
    }

    /** Forgets missing packets below {@code seq} (the jitter buffer gave up on them). */
    public void forgetBelow(long seq) {
        int i = 0;
        while (i < count && missing[i] < seq) {
            i++;
        }
        if (i > 0) {
            gaveUp += i;
            System.arraycopy(missing, i, missing, 0, count - i);
            System.arraycopy(firstSeenNanos, i, firstSeenNanos, 0, count - i);
            System.arraycopy(lastSentNanos, i, lastSentNanos, 0, count - i);
            System.arraycopy(retries, i, retries, 0, count - i);
            count -= i;
        }
    }

    /**
     * The packets to request now, as 16-bit sequence numbers in {@code out}; each is marked requested.
     *
     * @param rttNanos the current round-trip time estimate (or a default before one is known)
     * @return how many were written
     */
    public int poll(long nowNanos, long rttNanos, int[] out) {
        long retryAfter = Math.max(minRetryNanos, (long) (rttNanos * rttFactor));
        int n = 0;
        int i = 0;
        while (i < count) {
            if (nowNanos - firstSeenNanos[i] >= maxAgeNanos || retries[i] >= maxRetries) {
                // At the deadline pollDeadline gave, not after it: a driver that waits for it would otherwise spin.
                remove(i);
                gaveUp++;
                continue;
            }
            boolean due = lastSentNanos[i] == Long.MIN_VALUE ? nowNanos - firstSeenNanos[i] >= reorderWaitNanos
                    : nowNanos - lastSentNanos[i] >= retryAfter;
            if (n < out.length && due) {
                out[n++] = (int) (missing[i] & 0xFFFF);
                lastSentNanos[i] = nowNanos;
                retries[i]++;
                requested++;
            }
            i++;
        }
        return n;
    }

    /** When {@link #poll} next has something to request or give up; Long.MAX_VALUE if nothing is missing. */
    public long pollDeadline(long rttNanos) {
        long retryAfter = Math.max(minRetryNanos, (long) (rttNanos * rttFactor));
        long next = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            long at = lastSentNanos[i] == Long.MIN_VALUE ? firstSeenNanos[i] + reorderWaitNanos
                    : lastSentNanos[i] + retryAfter;
            next = Math.min(next, Math.min(at, firstSeenNanos[i] + maxAgeNanos));
        }
        return next;
    }

    public int missingCount() {
        return count;
    }

    /** Packets given up on. */
    public long gaveUp() {
        return gaveUp;
    }

    /** Requests made (a packet asked for twice counts twice). */
    public long requested() {
        return requested;
    }
}

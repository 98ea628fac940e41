package dev.robusta.demo.chat;

import java.util.Arrays;

/**
 * Round-trip times of pings: remembers when each recent ping left (by sequence number) and the last few round
 * trips, for the median. Time comes in as {@code nowNanos}; no clock is read here. Not thread-safe: one session
 * uses it on its event loop.
 */
final class RoundTrips {
    /** Pings older than this many sequence numbers are forgotten: their pongs count as lost. */
    static final int IN_FLIGHT = 64;
    /** The median is over this many latest round trips. */
    static final int WINDOW = 16;

    private final long[] sentAtNanos = new long[IN_FLIGHT];
    private final long[] sentSeq = new long[IN_FLIGHT];
    private final double[] recentMs = new double[WINDOW];
    private long nextSeq = 1;
    private long count;
    private double lastMs = Double.NaN;

    RoundTrips() {
        Arrays.fill(sentSeq, -1);
    }

    /** Records a ping leaving now; returns its sequence number. */
    long sent(long nowNanos) {
        long seq = nextSeq++;
        int slot = (int) (seq % IN_FLIGHT);
        sentSeq[slot] = seq;
        sentAtNanos[slot] = nowNanos;
        return seq;
    }

    /**
     * Records the pong of {@code seq}; returns the round trip in milliseconds, or NaN when no ping with that
     * number is in flight (unknown, already answered, or too old).
     */
    double answered(long seq, long nowNanos) {
        if (seq < 1) {
            return Double.NaN;
        }
        int slot = (int) (seq % IN_FLIGHT);
        if (sentSeq[slot] != seq) {
            return Double.NaN;
        }
        sentSeq[slot] = -1;
        double ms = (nowNanos - sentAtNanos[slot]) / 1e6;
        recentMs[(int) (count % WINDOW)] = ms;
        count++;
        lastMs = ms;
        return ms;
    }

    /** Answered pings so far. */
    long count() {
        return count;
    }

    /** The latest round trip in milliseconds, NaN before the first. */
    double lastMs() {
        return lastMs;
    }

    /** The median of the latest {@link #WINDOW} round trips, NaN before the first. */
    double medianMs() {
        int n = (int) Math.min(count, WINDOW);
        if (n == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(recentMs, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

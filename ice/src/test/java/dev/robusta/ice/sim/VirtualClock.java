package dev.robusta.ice.sim;

import java.time.Duration;

/**
 * Simulated time in nanoseconds, starting at zero. Only {@link SimulatedNetwork} moves it, and only forwards:
 * tests never wait for real time.
 */
public final class VirtualClock {
    private long nowNanos;

    /** The current virtual time. */
    public long nanos() {
        return nowNanos;
    }

    /** The current virtual time in whole milliseconds, for logs and messages. */
    public long millis() {
        return nowNanos / 1_000_000L;
    }

    void advanceTo(long nanos) {
        if (nanos < nowNanos) {
            throw new IllegalArgumentException("virtual time cannot go back from " + nowNanos + " to " + nanos);
        }
        nowNanos = nanos;
    }

    /** {@code base + d} in nanoseconds, saturating at {@link Long#MAX_VALUE}. */
    public static long plus(long base, Duration d) {
        long n = d.toNanos();
        return base > Long.MAX_VALUE - n ? Long.MAX_VALUE : base + n;
    }

    /** A readable form of a virtual instant: "12.345 s". */
    public static String format(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return "never";
        }
        return String.format("%d.%03d s", nanos / 1_000_000_000L, (nanos / 1_000_000L) % 1000);
    }

    @Override
    public String toString() {
        return format(nowNanos);
    }
}

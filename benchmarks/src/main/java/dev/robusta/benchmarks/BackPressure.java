package dev.robusta.benchmarks;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A sender's back-pressure on a data channel, as a browser page does it: before each message, wait while
 * bufferedAmount is above a high-water mark; the channel's bufferedamountlow event releases {@code room}.
 */
public final class BackPressure {
    private BackPressure() {
    }

    /** Returns once {@code bufferedAmount} is at most {@code high}; polls every {@code pollMillis} at worst. */
    public static void awaitRoom(LongSupplier bufferedAmount, Semaphore room, long high, long pollMillis)
            throws InterruptedException {
        while (bufferedAmount.getAsLong() > high) {
            room.drainPermits();
            if (bufferedAmount.getAsLong() > high) {
                room.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
            }
        }
    }
}

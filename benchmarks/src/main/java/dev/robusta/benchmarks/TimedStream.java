package dev.robusta.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One timed stream of equal messages over a data channel: sent with {@link BackPressure} and timed, in wall and
 * whole-process CPU time, until the receiver has counted the last one. The channel's own listeners report to
 * {@link #onReceived()} and {@link #onRoom()}, whatever API the channel has.
 */
public final class TimedStream {
    /** A sender's message. */
    public interface Sender {
        void send(byte[] message) throws Exception;
    }

    /** What one stream took. */
    public record Result(long messages, double megabytes, long wallNanos, long cpuNanos) {
        public double megabytesPerSecond() {
            return megabytes / (wallNanos / 1e9);
        }

        public double cpuMillisPerMegabyte() {
            return cpuNanos / 1e6 / megabytes;
        }

        public double messagesPerSecond() {
            return messages / (wallNanos / 1e9);
        }
    }

    private final long messages;
    private final int size;
    private final AtomicLong received = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Semaphore room = new Semaphore(0);

    /** {@code totalBytes} rounded up to whole messages of {@code size} bytes. */
    public TimedStream(long totalBytes, int size) {
        this.size = size;
        this.messages = (totalBytes + size - 1) / size;
    }

    /** Where back-pressure holds the sender: 4 MiB, or four messages when they are larger. */
    public long highWater() {
        return Math.max(4L << 20, 4L * size);
    }

    /** The receiver got one message. */
    public void onReceived() {
        if (received.incrementAndGet() == messages) {
            done.countDown();
        }
    }

    /** The sender's channel fired bufferedamountlow. */
    public void onRoom() {
        room.release();
    }

    /** Sends every message and waits (at most 300 s) until all have arrived. */
    public Result run(Sender sender, LongSupplier bufferedAmount) throws Exception {
        byte[] message = new byte[size];
        new Random(size).nextBytes(message);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long high = highWater();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (long i = 0; i < messages; i++) {
            BackPressure.awaitRoom(bufferedAmount, room, high, 50);
            sender.send(message);
        }
        if (!done.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + received.get() + " of " + messages + " messages arrived");
        }
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        return new Result(messages, messages * (double) size / 1e6, wall, cpu);
    }
}

package dev.robusta.dtls;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Two one-way in-memory datagram paths between two endpoints, each delivering on its own thread (as a socket
 * would) with seeded random loss.
 */
final class MemoryLink implements AutoCloseable {
    private final ExecutorService toB = Executors.newSingleThreadExecutor(r -> daemon(r, "link-to-b"));
    private final ExecutorService toA = Executors.newSingleThreadExecutor(r -> daemon(r, "link-to-a"));
    private final Random random;
    private final double lossRate;
    /** Extra drop rules for datagrams from A and from B: true drops the datagram (tests of specific losses). */
    volatile java.util.function.Predicate<byte[]> dropFromA = d -> false;
    volatile java.util.function.Predicate<byte[]> dropFromB = d -> false;
    private volatile Consumer<ByteBuffer> a = d -> { };
    private volatile Consumer<ByteBuffer> b = d -> { };
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();

    MemoryLink(long seed, double lossRate) {
        this.random = new Random(seed);
        this.lossRate = lossRate;
    }

    void connect(Consumer<ByteBuffer> endpointA, Consumer<ByteBuffer> endpointB) {
        this.a = endpointA;
        this.b = endpointB;
    }

    /** What endpoint A sends with. */
    DatagramSender senderA() {
        return (data, offset, length) -> {
            if (dropFromA.test(java.util.Arrays.copyOfRange(data, offset, offset + length))) {
                dropped.incrementAndGet();
                return;
            }
            forward(data, offset, length, toB, () -> b);
        };
    }

    /** What endpoint B sends with. */
    DatagramSender senderB() {
        return (data, offset, length) -> {
            if (dropFromB.test(java.util.Arrays.copyOfRange(data, offset, offset + length))) {
                dropped.incrementAndGet();
                return;
            }
            forward(data, offset, length, toA, () -> a);
        };
    }

    private void forward(byte[] data, int offset, int length, ExecutorService path,
                         java.util.function.Supplier<Consumer<ByteBuffer>> target) {
        boolean drop;
        synchronized (random) {
            drop = random.nextDouble() < lossRate;
        }
        if (drop) {
            dropped.incrementAndGet();
            return;
        }
        byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
        if (!path.isShutdown()) {
            try {
                path.execute(() -> {
                    delivered.incrementAndGet();
                    target.get().accept(ByteBuffer.wrap(copy));
                });
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // closed
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws InterruptedException {
        toA.shutdownNow();
        toB.shutdownNow();
        toA.awaitTermination(5, TimeUnit.SECONDS);
        toB.awaitTermination(5, TimeUnit.SECONDS);
    }
}

package dev.robusta.dtls;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executors for Bouncy Castle's blocking handshakes. A handshake holds its thread while it waits for the peer's
 * flights (a few round trips, up to the handshake timeout), so the pool bounds how many run at once; the rest
 * wait in a bounded queue, and beyond that {@link DtlsTransport#start()} fails with
 * {@link DtlsException.Reason#REJECTED}. Threads are daemons and end when idle.
 */
public final class DtlsHandshakeExecutors {
    private static final int SHARED_THREADS = 32;
    private static final int SHARED_QUEUE = 4096;

    private static volatile ExecutorService shared;

    private DtlsHandshakeExecutors() {
    }

    /** A pool of at most {@code maxConcurrentHandshakes} threads and {@code maxQueued} waiting handshakes. */
    public static ExecutorService newBounded(int maxConcurrentHandshakes, int maxQueued) {
        if (maxConcurrentHandshakes < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("need at least one thread and a non-negative queue");
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "robusta-dtls-handshake-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(maxConcurrentHandshakes, maxConcurrentHandshakes,
                30, TimeUnit.SECONDS, maxQueued == 0 ? new java.util.concurrent.SynchronousQueue<>()
                        : new LinkedBlockingQueue<>(maxQueued), factory, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** The process-wide pool (32 threads, 4096 queued) used when a connection is given none. */
    public static ExecutorService shared() {
        ExecutorService executor = shared;
        if (executor == null) {
            synchronized (DtlsHandshakeExecutors.class) {
                executor = shared;
                if (executor == null) {
                    executor = newBounded(SHARED_THREADS, SHARED_QUEUE);
                    shared = executor;
                }
            }
        }
        return executor;
    }
}

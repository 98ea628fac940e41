package dev.robusta.ice.netty;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where STUN and TURN server names are looked up. A lookup may block for seconds on a slow resolver, so it runs
 * neither on an event loop nor on the caller's thread, and not on a thread made for it each time either: a few
 * daemon threads, kept while lookups come and ended when idle, serve every transport in the process.
 */
final class NameResolution {
    private static final int THREADS = 4;
    private static final long IDLE_SECONDS = 30;
    private static final Executor EXECUTOR = create();

    private NameResolution() {
    }

    static Executor executor() {
        return EXECUTOR;
    }

    private static Executor create() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "robusta-ice-resolver-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}

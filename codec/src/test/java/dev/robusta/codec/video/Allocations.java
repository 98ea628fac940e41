package dev.robusta.codec.video;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread, from HotSpot's per-thread counter. */
public final class Allocations {
    private Allocations() {
    }

    /** Bytes allocated by the current thread while running {@code task} {@code times} times (after a warm-up). */
    public static long measure(int times, Runnable task) {
        for (int i = 0; i < times; i++) {
            task.run();
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        for (int i = 0; i < times; i++) {
            task.run();
        }
        return bean.getThreadAllocatedBytes(id) - before;
    }
}

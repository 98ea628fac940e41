package dev.robusta.sctp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The threading contract with a real driver: one single-threaded executor drives both transports (packets pass
 * in memory on that thread), while application threads create channels and send concurrently.
 */
class ThreadingTest {
    private static final class Driver {
        final ExecutorService loop = Executors.newSingleThreadExecutor();
        final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.ScheduledFuture<?> pendingTimer;
        SctpTransport a;
        SctpTransport b;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        void flush() {
            try {
                long now = System.nanoTime();
                a.runPendingCalls(now);
                b.runPendingCalls(now);
                for (int i = 0; i < 10_000; i++) {
                    int moved = 0;
                    ByteBuffer p;
                    while ((p = a.pollTransmit(now)) != null) {
                        b.handleInput(p, now);
                        moved++;
                    }
                    while ((p = b.pollTransmit(now)) != null) {
                        a.handleInput(p, now);
                        moved++;
                    }
                    if (moved == 0) {
                        break;
                    }
                }
                long next = Math.min(a.nextDeadline(), b.nextDeadline());
                if (next != Long.MAX_VALUE) {
                    long delay = Math.max(0, next - System.nanoTime());
                    if (pendingTimer != null) {
                        pendingTimer.cancel(false);
                    }
                    pendingTimer = timer.schedule(() -> loop.execute(this::timeout), delay, TimeUnit.NANOSECONDS);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }

        void timeout() {
            long now = System.nanoTime();
            a.handleTimeout(now);
            b.handleTimeout(now);
            flush();
        }
    }

    @Test
    void channelsAreUsableFromManyThreads() throws Exception {
        Driver d = new Driver();
        d.a = new SctpTransport(SctpConfig.defaults(), true, new Random(1), () -> d.loop.execute(d::flush));
        d.b = new SctpTransport(SctpConfig.defaults(), false, new Random(2), () -> d.loop.execute(d::flush));
        int threads = 4;
        int perThread = 2000;
        ConcurrentHashMap<String, List<Integer>> received = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(threads * perThread);
        d.b.setListener(new SctpTransportListener() {
            @Override
            public void onDataChannel(DataChannel channel) {
                assertFalse(Thread.currentThread().getName().startsWith("app"), "listeners run on the driver");
                List<Integer> list = new ArrayList<>();
                received.put(channel.label(), list);
                channel.setListener(new DataChannelListener() {
                    @Override
                    public void onMessage(DataChannel ch, DataChannelMessage message) {
                        list.add(Integer.parseInt(message.text()));
                        all.countDown();
                    }
                });
            }
        });
        d.loop.execute(() -> {
            d.a.start(System.nanoTime());
            d.b.start(System.nanoTime());
            d.flush();
        });
        List<Thread> apps = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                DataChannel ch = d.a.createDataChannel("t" + id, DataChannelInit.defaults());
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (ch.readyState() != DataChannelState.OPEN && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                for (int i = 0; i < perThread; i++) {
                    ch.send(Integer.toString(i));
                }
            }, "app-" + t);
            apps.add(th);
            th.start();
        }
        for (Thread th : apps) {
            th.join(20_000);
        }
        assertTrue(all.await(20, TimeUnit.SECONDS), "all messages arrived: " + all.getCount() + " missing");
        d.loop.submit(() -> { }).get();
        assertNull(d.failure.get());
        assertEquals(threads, received.size());
        for (List<Integer> list : received.values()) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add(i);
            }
            assertEquals(expected, list, "each thread's messages in its order");
        }
        assertEquals(List.of(0, 2, 4, 6), d.a.channels().stream().map(DataChannel::id).sorted().toList());
        d.loop.shutdownNow();
        d.timer.shutdownNow();
    }
}

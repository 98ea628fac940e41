package dev.robusta.sctp.sim;

import java.nio.ByteBuffer;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Two endpoints joined by two seeded one-way links, driven on a virtual clock that jumps to the next event
 * (a packet arrival or an endpoint deadline): no sleeps, reproducible from the seed.
 */
public final class SimNetwork {
    /** Sees every packet an endpoint sends, before the link decides its fate. */
    public interface Tap {
        void sent(int from, byte[] packet, long now);
    }

    private record InFlight(long at, long seq, int to, byte[] bytes) {}

    private final SimEndpoint[] ends = new SimEndpoint[2];
    private final LinkConditions[] links = new LinkConditions[2];
    private final Random random;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final long[] linkFreeAt = new long[2];
    private final int[] linkQueued = new int[2];
    private long seq;
    private long now = 1_000_000_000L;
    private Tap tap = (f, p, t) -> { };
    private boolean blackhole;

    public long packetsSent;
    public long packetsLost;
    public long packetsDuplicated;
    public long bytesSent;

    public SimNetwork(SimEndpoint a, SimEndpoint b, LinkConditions aToB, LinkConditions bToA, long seed) {
        ends[0] = a;
        ends[1] = b;
        links[0] = aToB;
        links[1] = bToA;
        random = new Random(seed);
    }

    public void setTap(Tap tap) {
        this.tap = tap;
    }

    /** Drops every packet from now on (a dead path). */
    public void setBlackhole(boolean on) {
        this.blackhole = on;
    }

    public void setConditions(LinkConditions aToB, LinkConditions bToA) {
        links[0] = aToB;
        links[1] = bToA;
    }

    public long now() {
        return now;
    }

    /** Injects a packet as if it arrived now at endpoint {@code to}. */
    public void inject(int to, byte[] packet) {
        ends[to].input(packet, now);
    }

    private void flush() {
        for (int i = 0; i < 2; i++) {
            SimEndpoint e = ends[i];
            if (e.callsPending()) {
                e.runCalls(now);
            }
            ByteBuffer p;
            int guard = 0;
            while ((p = e.poll(now)) != null) {
                byte[] bytes = new byte[p.remaining()];
                p.get(bytes);
                send(i, bytes);
                if (++guard > 100_000) {
                    throw new IllegalStateException("endpoint " + i + " keeps producing packets");
                }
            }
        }
    }

    private void send(int from, byte[] bytes) {
        packetsSent++;
        bytesSent += bytes.length;
        tap.sent(from, bytes, now);
        LinkConditions c = links[from];
        if (blackhole || random.nextDouble() < c.loss()) {
            packetsLost++;
            return;
        }
        long departs = now;
        if (c.bytesPerSecond() > 0) {
            if (linkFreeAt[from] < now) {
                linkFreeAt[from] = now;
                linkQueued[from] = 0;
            }
            long backlog = (linkFreeAt[from] - now) * c.bytesPerSecond() / 1_000_000_000L;
            if (backlog > (long) c.queuePackets() * 1200) {
                packetsLost++;
                return;
            }
            linkFreeAt[from] += bytes.length * 1_000_000_000L / c.bytesPerSecond();
            departs = linkFreeAt[from];
        }
        int to = 1 - from;
        queue.add(new InFlight(departs + delay(c), seq++, to, bytes));
        if (random.nextDouble() < c.duplicate()) {
            packetsDuplicated++;
            queue.add(new InFlight(departs + delay(c), seq++, to, bytes.clone()));
        }
    }

    private long delay(LinkConditions c) {
        return c.delayNanos() + (c.jitterNanos() > 0 ? (long) (random.nextDouble() * c.jitterNanos()) : 0);
    }

    /**
     * Runs until {@code done} holds or virtual time passes {@code untilNanos}; returns whether done held.
     * Each step jumps the clock to the next arrival or deadline.
     */
    public boolean runUntil(BooleanSupplier done, long maxVirtualNanos) {
        long end = now + maxVirtualNanos;
        flush();
        while (!done.getAsBoolean()) {
            long next = Math.min(ends[0].deadline(), ends[1].deadline());
            InFlight head = queue.peek();
            if (head != null && head.at < next) {
                next = head.at;
            }
            if (ends[0].callsPending() || ends[1].callsPending()) {
                next = now;
            }
            if (next == Long.MAX_VALUE || next > end) {
                return false;
            }
            now = Math.max(now, next);
            while ((head = queue.peek()) != null && head.at <= now) {
                queue.poll();
                ends[head.to].input(head.bytes, now);
            }
            for (SimEndpoint e : ends) {
                if (e.deadline() <= now) {
                    e.timeout(now);
                }
            }
            flush();
        }
        return true;
    }

    /** Runs for a stretch of virtual time. */
    public void runFor(long nanos) {
        long end = now + nanos;
        runUntil(() -> now >= end, nanos + 1);
        now = Math.max(now, end);
    }
}

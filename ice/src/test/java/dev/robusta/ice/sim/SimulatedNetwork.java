package dev.robusta.ice.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic, in-memory UDP network joining any number of sans-IO endpoints by their socket addresses, with a
 * virtual clock. Everything random (loss, delay, jitter, duplication) comes from one seeded {@link Random}: the
 * same seed and the same calls give the same run.
 *
 * <p>The run loop ({@link #runUntil}) is str0m's {@code progress()}: drain every endpoint's output, then jump the
 * clock to the earliest of the next delivery, the next scheduled action and every endpoint's deadline, deliver and
 * fire what is due, and repeat. It never spins: the number of steps is bounded, and an endpoint whose deadline
 * stays at "now" after being told the time has come (a driver would busy-loop on it) fails the run with a
 * {@link SimulationException}.
 *
 * <p>Drop rules are judged when a datagram is sent. Use loopback-looking addresses (127.0.0.x, ::1) only.
 */
public final class SimulatedNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedNetwork.class);

    /** Something attached to the network: a sans-IO core with its glue (see {@link SimulatedAgent}). */
    public interface Endpoint {
        String name();

        /** A datagram arrives on the endpoint's socket {@code socket}, sent from {@code from}. */
        void receive(long now, InetSocketAddress socket, InetSocketAddress from, byte[] data);

        /** The endpoint's deadline has come (or passed). */
        void handleTimeout(long now);

        /** The next time the endpoint needs {@link #handleTimeout}; Long.MAX_VALUE when idle. */
        long pollDeadline();

        /** Moves all pending output of the endpoint into the network (transmits) and its records (events). */
        void drain(long now);
    }

    /** Decides, when a datagram is sent, whether the network drops it (a blocked path, a dead host...). */
    @FunctionalInterface
    public interface DropRule {
        boolean drops(long now, InetSocketAddress source, InetSocketAddress destination, byte[] data);
    }

    /** What happened to a sent datagram. */
    public enum Fate { QUEUED, LOST, BLOCKED, UNDELIVERABLE }

    /** One datagram in flight (or delivered). {@code copy} is 0 for the original, 1 for a duplicate. */
    public record Datagram(long sentAtNanos, long deliverAtNanos, long sequence, int copy, InetSocketAddress source,
                           InetSocketAddress destination, byte[] data) {}

    /** Watches traffic, e.g. to record the last response an endpoint received. Must not mutate the network. */
    public interface Observer {
        default void sent(long now, InetSocketAddress source, InetSocketAddress destination, byte[] data, Fate fate) {}

        default void delivered(long now, Datagram datagram) {}
    }

    /** A handle to remove a drop rule or link setting later. */
    public interface Registration {
        void remove();
    }

    private record LinkRule(BiPredicate<InetSocketAddress, InetSocketAddress> path, LinkConditions conditions) {}

    private record Action(long atNanos, long sequence, Runnable run) {}

    private final Random random;
    private final VirtualClock clock = new VirtualClock();
    private final Map<InetSocketAddress, Endpoint> bySocket = new LinkedHashMap<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final PriorityQueue<Datagram> inFlight = new PriorityQueue<>((a, b) -> a.deliverAtNanos != b.deliverAtNanos
            ? Long.compare(a.deliverAtNanos, b.deliverAtNanos) : Long.compare(a.sequence, b.sequence));
    private final PriorityQueue<Action> actions = new PriorityQueue<>((a, b) -> a.atNanos != b.atNanos
            ? Long.compare(a.atNanos, b.atNanos) : Long.compare(a.sequence, b.sequence));
    private final List<LinkRule> linkRules = new CopyOnWriteArrayList<>();
    private final List<DropRule> dropRules = new CopyOnWriteArrayList<>();
    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    private LinkConditions defaultConditions = LinkConditions.IDEAL;
    private long sequence;
    private long maxSteps = 5_000_000L;
    private int maxTimeoutsAtOneInstant = 3;
    private long steps;

    // Counters.
    private long sent;
    private long delivered;
    private long lost;
    private long blocked;
    private long duplicated;
    private long undeliverable;

    public SimulatedNetwork(long seed) {
        this.random = new Random(seed);
    }

    // ---- set-up ----

    public VirtualClock clock() {
        return clock;
    }

    /** The current virtual time in nanoseconds. */
    public long now() {
        return clock.nanos();
    }

    /** The network's random source; endpoints should have their own, seeded from the test's seed. */
    public Random random() {
        return random;
    }

    /** Registers an endpoint that owns these socket addresses (each address belongs to one endpoint). */
    public void attach(Endpoint endpoint, Collection<InetSocketAddress> sockets) {
        for (InetSocketAddress s : sockets) {
            if (s.isUnresolved() || !s.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("simulated addresses must be loopback literals: " + s);
            }
            Endpoint owner = bySocket.putIfAbsent(s, endpoint);
            if (owner != null && owner != endpoint) {
                throw new IllegalArgumentException(s + " already belongs to " + owner.name());
            }
        }
        if (!endpoints.contains(endpoint)) {
            endpoints.add(endpoint);
        }
    }

    /** The endpoint owning a socket address, or null. */
    public Endpoint endpointAt(InetSocketAddress socket) {
        return bySocket.get(socket);
    }

    /** Conditions for every path no link rule matches. */
    public void setDefaultConditions(LinkConditions conditions) {
        this.defaultConditions = conditions;
    }

    public LinkConditions defaultConditions() {
        return defaultConditions;
    }

    /** Conditions for the paths matching {@code path(source, destination)}; the latest matching rule wins. */
    public Registration setConditions(BiPredicate<InetSocketAddress, InetSocketAddress> path, LinkConditions c) {
        LinkRule rule = new LinkRule(path, c);
        linkRules.add(0, rule);
        return () -> linkRules.remove(rule);
    }

    /** Conditions for one direction of one path, from socket address to socket address. */
    public Registration setConditions(InetSocketAddress source, InetSocketAddress destination, LinkConditions c) {
        return setConditions((s, d) -> s.equals(source) && d.equals(destination), c);
    }

    /** Conditions for one path, both directions. */
    public Registration setConditionsBothWays(InetSocketAddress a, InetSocketAddress b, LinkConditions c) {
        return setConditions((s, d) -> (s.equals(a) && d.equals(b)) || (s.equals(b) && d.equals(a)), c);
    }

    public Registration addDropRule(DropRule rule) {
        dropRules.add(rule);
        return () -> dropRules.remove(rule);
    }

    /** Drops everything between two IP addresses (any ports), both directions. */
    public Registration blockPath(InetAddress a, InetAddress b) {
        return addDropRule((now, s, d, data) -> (s.getAddress().equals(a) && d.getAddress().equals(b))
                || (s.getAddress().equals(b) && d.getAddress().equals(a)));
    }

    /** Drops everything between two socket addresses, both directions. */
    public Registration blockBothWays(InetSocketAddress a, InetSocketAddress b) {
        return addDropRule((now, s, d, data) -> (s.equals(a) && d.equals(b)) || (s.equals(b) && d.equals(a)));
    }

    /** Drops everything from one socket address to another (one direction). */
    public Registration blockOneWay(InetSocketAddress source, InetSocketAddress destination) {
        return addDropRule((now, s, d, data) -> s.equals(source) && d.equals(destination));
    }

    /** Drops all IPv6 (or all IPv4) traffic. */
    public Registration blockFamily(boolean ipv6) {
        return addDropRule((now, s, d, data) -> (s.getAddress().getAddress().length == 16) == ipv6);
    }

    /**
     * Drops everything sent from any of {@code from}'s sockets to any of {@code to}'s, from virtual time
     * {@code sinceNanos} on (a peer that vanished, for consent tests).
     */
    public Registration blockBetween(Collection<InetSocketAddress> from, Collection<InetSocketAddress> to,
                                     long sinceNanos) {
        List<InetSocketAddress> f = List.copyOf(from);
        List<InetSocketAddress> t = List.copyOf(to);
        return addDropRule((now, s, d, data) -> now >= sinceNanos && f.contains(s) && t.contains(d));
    }

    public Registration addObserver(Observer observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    /** Bounds the total number of loop steps of this network (default 5,000,000). */
    public void setMaxSteps(long maxSteps) {
        this.maxSteps = maxSteps;
    }

    /**
     * How many times in a row an endpoint may be given {@code handleTimeout} at one instant, its deadline still not
     * after that instant, before the run fails as a spin (default 3).
     */
    public void setMaxTimeoutsAtOneInstant(int n) {
        this.maxTimeoutsAtOneInstant = n;
    }

    /** Runs {@code action} at virtual time {@code atNanos} (or at once if that is past), in scheduling order. */
    public void schedule(long atNanos, Runnable action) {
        actions.add(new Action(Math.max(atNanos, clock.nanos()), sequence++, action));
    }

    public void scheduleIn(Duration delay, Runnable action) {
        schedule(VirtualClock.plus(clock.nanos(), delay), action);
    }

    // ---- traffic ----

    /** Sends a datagram now, subject to drop rules and the path's conditions. The bytes must not change after. */
    public Fate send(InetSocketAddress source, InetSocketAddress destination, byte[] data) {
        long now = clock.nanos();
        sent++;
        Fate fate = route(now, source, destination, data);
        for (Observer o : observers) {
            o.sent(now, source, destination, data, fate);
        }
        return fate;
    }

    private Fate route(long now, InetSocketAddress source, InetSocketAddress destination, byte[] data) {
        for (DropRule r : dropRules) {
            if (r.drops(now, source, destination, data)) {
                blocked++;
                return Fate.BLOCKED;
            }
        }
        if (!bySocket.containsKey(destination)) {
            undeliverable++;
            return Fate.UNDELIVERABLE;
        }
        LinkConditions c = conditions(source, destination);
        if (c.lossRate() > 0 && random.nextDouble() < c.lossRate()) {
            lost++;
            return Fate.LOST;
        }
        long seq = sequence++;
        inFlight.add(new Datagram(now, now + delay(c), seq, 0, source, destination, data));
        if (c.duplicationRate() > 0 && random.nextDouble() < c.duplicationRate()) {
            duplicated++;
            inFlight.add(new Datagram(now, now + delay(c), sequence++, 1, source, destination, data));
        }
        return Fate.QUEUED;
    }

    private long delay(LinkConditions c) {
        long jitter = c.jitterNanos() == 0 ? 0 : (long) (random.nextDouble() * (c.jitterNanos() + 1));
        return c.baseDelayNanos() + jitter;
    }

    private LinkConditions conditions(InetSocketAddress source, InetSocketAddress destination) {
        for (LinkRule r : linkRules) {
            if (r.path.test(source, destination)) {
                return r.conditions;
            }
        }
        return defaultConditions;
    }

    // ---- running ----

    /**
     * Runs until {@code done} holds (checked after every drain) or {@code maxVirtualTime} has passed.
     *
     * @return whether {@code done} held; on false the clock stands at the time limit
     * @throws SimulationException when the step bound is exceeded or an endpoint spins
     */
    public boolean runUntil(BooleanSupplier done, Duration maxVirtualTime) {
        long limit = VirtualClock.plus(clock.nanos(), maxVirtualTime);
        Map<Endpoint, Integer> timeoutsAtInstant = new LinkedHashMap<>();
        long instant = -1;
        while (true) {
            drainAll();
            if (done.getAsBoolean()) {
                return true;
            }
            long next = nextEventTime();
            if (next > limit) {
                clock.advanceTo(Math.max(limit, clock.nanos()));
                // Things due exactly at the limit were handled above; anything later stays pending.
                return false;
            }
            if (++steps > maxSteps) {
                throw new SimulationException("simulation exceeded " + maxSteps + " steps at " + clock);
            }
            clock.advanceTo(Math.max(next, clock.nanos()));
            long now = clock.nanos();
            if (now != instant) {
                instant = now;
                timeoutsAtInstant.clear();
            }
            deliverDue(now, timeoutsAtInstant);
            if (runDueActions(now)) {
                timeoutsAtInstant.clear(); // an action (signalling, a test's call) is new input too
            }
            for (int i = 0; i < endpoints.size(); i++) {
                Endpoint e = endpoints.get(i);
                if (e.pollDeadline() <= now) {
                    int n = timeoutsAtInstant.merge(e, 1, Integer::sum);
                    if (n > maxTimeoutsAtOneInstant) {
                        throw new SimulationException(e + " spins: its deadline stays at " + clock
                                + " after " + (n - 1) + " calls of handleTimeout at that instant (a driver would"
                                + " busy-loop)");
                    }
                    e.handleTimeout(now);
                }
            }
        }
    }

    /** Runs for a stretch of virtual time. */
    public void runFor(Duration d) {
        runUntil(() -> false, d);
    }

    /** Drains every endpoint's output once (also useful after calling an endpoint's core directly). */
    public void drainAll() {
        long now = clock.nanos();
        for (int i = 0; i < endpoints.size(); i++) {
            endpoints.get(i).drain(now);
        }
    }

    private long nextEventTime() {
        long next = Long.MAX_VALUE;
        Datagram d = inFlight.peek();
        if (d != null) {
            next = d.deliverAtNanos;
        }
        Action a = actions.peek();
        if (a != null) {
            next = Math.min(next, a.atNanos);
        }
        long now = clock.nanos();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            long deadline = e.pollDeadline();
            if (deadline < now) {
                // Every deadline is served when it comes, so one in the past can only be a core's mistake.
                throw new SimulationException(e + " asks for " + VirtualClock.format(deadline) + ", in the past at "
                        + clock);
            }
            next = Math.min(next, deadline);
        }
        return next;
    }

    private void deliverDue(long now, Map<Endpoint, Integer> timeoutsAtInstant) {
        Datagram d;
        while ((d = inFlight.peek()) != null && d.deliverAtNanos <= now) {
            inFlight.poll();
            Endpoint e = bySocket.get(d.destination);
            if (e == null) {
                undeliverable++;
                continue;
            }
            delivered++;
            for (Observer o : observers) {
                o.delivered(now, d);
            }
            // New input may legitimately make work due at this instant.
            timeoutsAtInstant.remove(e);
            e.receive(now, d.destination, d.source, d.data);
        }
    }

    private boolean runDueActions(long now) {
        boolean ran = false;
        Action a;
        while ((a = actions.peek()) != null && a.atNanos <= now) {
            actions.poll();
            a.run.run();
            ran = true;
        }
        return ran;
    }

    // ---- statistics ----

    public long sentCount() {
        return sent;
    }

    public long deliveredCount() {
        return delivered;
    }

    public long lostCount() {
        return lost;
    }

    public long blockedCount() {
        return blocked;
    }

    public long duplicatedCount() {
        return duplicated;
    }

    public long undeliverableCount() {
        return undeliverable;
    }

    public int inFlightCount() {
        return inFlight.size();
    }

    public long steps() {
        return steps;
    }

    /** One line of counters, for logs. */
    public String stats() {
        return String.format("t=%s steps=%d sent=%d delivered=%d lost=%d blocked=%d duplicated=%d undeliverable=%d",
                clock, steps, sent, delivered, lost, blocked, duplicated, undeliverable);
    }

    /** Logs the counters at debug level. */
    public void logStats(String label) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {}", label, stats());
        }
    }
}

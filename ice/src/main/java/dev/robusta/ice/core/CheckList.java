package dev.robusta.ice.core;

import dev.robusta.ice.CandidatePair.State;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The check list of one ICE stream (RFC 8445 section 6.1.2): candidate pairs ordered by priority, their
 * unfreezing per foundation, and the triggered-check queue (section 7.3.1.4). It knows pairs and states only;
 * sending checks, nominating and timing stay in {@link IceAgentCore}.
 */
final class CheckList {
    private final List<CheckPair> pairs = new ArrayList<>();
    private final ArrayDeque<CheckPair> triggered = new ArrayDeque<>();
    private final int maxPairs;

    CheckList(int maxPairs) {
        this.maxPairs = maxPairs;
    }

    /** The pairs, highest priority first (read-only). */
    List<CheckPair> pairs() {
        return Collections.unmodifiableList(pairs);
    }

    boolean contains(CheckPair pair) {
        return pairs.contains(pair);
    }

    CheckPair find(LocalCandidate local, InetSocketAddress remote) {
        for (CheckPair p : pairs) {
            if (p.local == local && p.remote.address().equals(remote)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Adds a pair, unless the list is full (RFC 8445 section 6.1.2.5): then it takes the place of the lowest-priority
     * pair only if that one is lower and still pending. The caller sorts afterwards.
     */
    boolean add(CheckPair pair) {
        if (pairs.size() >= maxPairs) {
            CheckPair worst = pairs.get(pairs.size() - 1);
            if (worst.priority >= pair.priority || !worst.isPending()) {
                return false;
            }
            pairs.remove(worst);
            triggered.remove(worst);
        }
        pairs.add(pair);
        return true;
    }

    /** Puts {@code fresh} where {@code old} was, in the list and in the triggered queue. */
    void replace(CheckPair old, CheckPair fresh) {
        pairs.set(pairs.indexOf(old), fresh);
        if (triggered.remove(old)) {
            triggered.add(fresh);
        }
        sort();
    }

    void sort() {
        pairs.sort((a, b) -> Long.compare(b.priority, a.priority));
    }

    /** Recomputes every priority (after a role switch) and re-sorts. */
    void reprioritize(ToLongFunction<CheckPair> priority) {
        for (CheckPair p : pairs) {
            p.priority = priority.applyAsLong(p);
        }
        sort();
    }

    void clear() {
        pairs.clear();
        triggered.clear();
    }

    // ---- states ----

    /** RFC 8445 section 6.1.2.6: per foundation, the best frozen pair waits, unless one is already going. */
    void unfreezeInitial() {
        Set<String> active = new HashSet<>();
        for (CheckPair p : pairs) {
            if (p.state != State.FROZEN && p.state != State.FAILED) {
                active.add(p.foundation);
            }
        }
        for (CheckPair p : pairs) {
            if (p.state == State.FROZEN && active.add(p.foundation)) {
                p.state = State.WAITING;
            }
        }
    }

    /** A pair succeeded: pairs of the same foundation may now go (RFC 8445 section 7.2.5.3.3). */
    void unfreezeFoundation(String foundation) {
        for (CheckPair p : pairs) {
            if (p.state == State.FROZEN && p.foundation.equals(foundation)) {
                p.state = State.WAITING;
            }
        }
    }

    /** The highest-priority pair in this state, or null. */
    CheckPair firstIn(State state) {
        for (CheckPair p : pairs) {
            if (p.state == state) {
                return p;
            }
        }
        return null;
    }

    boolean anyWaitingOrFrozen() {
        return firstIn(State.WAITING) != null || firstIn(State.FROZEN) != null;
    }

    /** The highest-priority valid pair, or null. */
    CheckPair bestValid() {
        return firstIn(State.SUCCEEDED);
    }

    /** Whether a pending pair has a higher priority than {@code priority}. */
    boolean anyPendingAbove(long priority) {
        for (CheckPair p : pairs) {
            if (p.priority <= priority) {
                return false; // sorted: nothing higher follows
            }
            if (p.isPending()) {
                return true;
            }
        }
        return false;
    }

    /** Every pair failed and no triggered check is left (an empty list counts as all failed). */
    boolean allFailed() {
        for (CheckPair p : pairs) {
            if (p.state != State.FAILED) {
                return false;
            }
        }
        return triggered.isEmpty();
    }

    /** Pairs waiting or in progress: the N of RFC 8445 section 14.3's RTO. */
    int activeCount() {
        int n = 0;
        for (CheckPair p : pairs) {
            if (p.state == State.WAITING || p.state == State.IN_PROGRESS) {
                n++;
            }
        }
        return n;
    }

    // ---- triggered checks ----

    void trigger(CheckPair pair) {
        if (!triggered.contains(pair)) {
            triggered.add(pair);
        }
    }

    boolean hasTriggered() {
        return !triggered.isEmpty();
    }

    /** The next triggered pair that still {@code qualifies}; the others are dropped on the way. */
    CheckPair pollTriggered(Predicate<CheckPair> qualifies) {
        while (!triggered.isEmpty()) {
            CheckPair p = triggered.poll();
            if (qualifies.test(p)) {
                return p;
            }
        }
        return null;
    }

    /** Triggered checks of pairs below this priority are no longer needed (a better pair is selected). */
    void dropTriggeredBelow(long priority) {
        triggered.removeIf(p -> p.priority < priority);
    }

    void clearTriggered() {
        triggered.clear();
    }
}

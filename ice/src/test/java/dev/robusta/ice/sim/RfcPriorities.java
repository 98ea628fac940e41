package dev.robusta.ice.sim;

import dev.robusta.ice.Candidate;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * RFC 8445 priorities, written out again from the RFC text so tests can check an agent's choices without
 * trusting its own arithmetic.
 */
public final class RfcPriorities {
    /** Recommended type preferences (RFC 8445 section 5.1.2.2). */
    public static final int HOST = 126;
    public static final int PEER_REFLEXIVE = 110;
    public static final int SERVER_REFLEXIVE = 100;
    public static final int RELAY = 0;

    private RfcPriorities() {}

    /** Candidate priority (section 5.1.2.1): 2^24 * type preference + 2^8 * local preference + (256 - component). */
    public static long candidate(int typePreference, int localPreference, int componentId) {
        return (1L << 24) * typePreference + (1L << 8) * localPreference + (256 - componentId);
    }

    /** The local preference a candidate priority holds (bits 8..23). */
    public static int localPreference(long candidatePriority) {
        return (int) ((candidatePriority >> 8) & 0xFFFF);
    }

    /** The type preference a candidate priority holds (bits 24..31). */
    public static int typePreference(long candidatePriority) {
        return (int) (candidatePriority >> 24);
    }

    /**
     * Pair priority (section 6.1.2.3): 2^32 * MIN(G,D) + 2 * MAX(G,D) + (G > D ? 1 : 0), G the controlling agent's
     * candidate priority, D the controlled agent's.
     */
    public static long pair(long g, long d) {
        return (1L << 32) * Math.min(g, d) + 2 * Math.max(g, d) + (g > d ? 1 : 0);
    }

    /** A candidate pair named by its two candidates, from the controlling agent's side. */
    public record Expected(Candidate controlling, Candidate controlled, long priority) {}

    /**
     * The pair RFC 8445 has the agents select when every check that can succeed does: the highest-priority pair of
     * same-family UDP candidates whose path works in both directions.
     *
     * @param canWork whether the path between two transport addresses (controlling's, controlled's) works
     */
    public static Expected bestWorkingPair(List<Candidate> controlling, List<Candidate> controlled,
                                           BiPredicate<InetSocketAddress, InetSocketAddress> canWork) {
        Expected best = null;
        for (Candidate g : controlling) {
            for (Candidate d : controlled) {
                if (!g.isUdp() || !d.isUdp() || !g.isResolved() || !d.isResolved()
                        || g.address().getAddress().getAddress().length != d.address().getAddress().getAddress().length
                        || !canWork.test(g.address(), d.address())) {
                    continue;
                }
                long p = pair(g.priority(), d.priority());
                if (best == null || p > best.priority) {
                    best = new Expected(g, d, p);
                }
            }
        }
        return best;
    }
}

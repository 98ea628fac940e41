package dev.robusta.ice;

/**
 * A snapshot of a candidate pair (RFC 8445 section 6.1.2), as events and stats report it.
 *
 * @param local     the local candidate (for a relay pair, the relay candidate)
 * @param remote    the remote candidate
 * @param priority  the pair priority (RFC 8445 section 6.1.2.3)
 * @param state     FROZEN, WAITING, IN_PROGRESS, SUCCEEDED or FAILED
 * @param nominated whether the pair has been nominated
 */
public record CandidatePair(Candidate local, Candidate remote, long priority, State state, boolean nominated) {

    /** Pair states (RFC 8445 section 6.1.2.6). */
    public enum State { FROZEN, WAITING, IN_PROGRESS, SUCCEEDED, FAILED }

    /**
     * Pair priority: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0), G the controlling agent's candidate priority, D the
     * controlled agent's.
     */
    public static long priority(long controlling, long controlled) {
        return (Math.min(controlling, controlled) << 32) + 2 * Math.max(controlling, controlled)
                + (controlling > controlled ? 1 : 0);
    }

    @Override
    public String toString() {
        return endpoint(local) + " (" + local.type().sdpName() + ") <-> " + endpoint(remote) + " ("
                + remote.type().sdpName() + ")";
    }

    private static String endpoint(Candidate c) {
        String host = Candidate.hostString(c.address());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + c.address().getPort();
    }
}

package dev.robusta.ice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of an ICE agent. Defaults follow RFC 8445, RFC 8489 and RFC 7675; every timer is configurable so
 * tests and unusual networks can tune them. Immutable; build with {@link #builder()}.
 */
public final class IceAgentConfig {
    /** Which local candidates the agent offers and uses (W3C iceTransportPolicy). */
    public enum CandidatePolicy { ALL, RELAY_ONLY }

    private final List<IceServer> iceServers;
    private final CandidatePolicy candidatePolicy;
    private final boolean ipv4;
    private final boolean ipv6;
    private final boolean includeLoopback;
    private final List<String> interfaceAddresses;
    private final Duration ta;
    private final Duration stunRto;
    private final int stunMaxTransmissions;
    private final int stunLastWaitMultiplier;
    private final Duration nominationDelay;
    private final Duration consentInterval;
    private final Duration consentResponseTimeout;
    private final Duration consentExpiry;
    private final Duration keepaliveInterval;
    private final Duration gatheringTimeout;
    private final Duration failWithoutEndOfCandidates;
    private final int maxPairs;
    private final String software;

    private IceAgentConfig(Builder b) {
        this.iceServers = List.copyOf(b.iceServers);
        this.candidatePolicy = b.candidatePolicy;
        this.ipv4 = b.ipv4;
        this.ipv6 = b.ipv6;
        this.includeLoopback = b.includeLoopback;
        this.interfaceAddresses = List.copyOf(b.interfaceAddresses);
        this.ta = b.ta;
        this.stunRto = b.stunRto;
        this.stunMaxTransmissions = b.stunMaxTransmissions;
        this.stunLastWaitMultiplier = b.stunLastWaitMultiplier;
        this.nominationDelay = b.nominationDelay;
        this.consentInterval = b.consentInterval;
        this.consentResponseTimeout = b.consentResponseTimeout;
        this.consentExpiry = b.consentExpiry;
        this.keepaliveInterval = b.keepaliveInterval;
        this.gatheringTimeout = b.gatheringTimeout;
        this.failWithoutEndOfCandidates = b.failWithoutEndOfCandidates;
        this.maxPairs = b.maxPairs;
        this.software = b.software;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.iceServers.addAll(iceServers);
        b.candidatePolicy = candidatePolicy;
        b.ipv4 = ipv4;
        b.ipv6 = ipv6;
        b.includeLoopback = includeLoopback;
        b.interfaceAddresses.addAll(interfaceAddresses);
        b.ta = ta;
        b.stunRto = stunRto;
        b.stunMaxTransmissions = stunMaxTransmissions;
        b.stunLastWaitMultiplier = stunLastWaitMultiplier;
        b.nominationDelay = nominationDelay;
        b.consentInterval = consentInterval;
        b.consentResponseTimeout = consentResponseTimeout;
        b.consentExpiry = consentExpiry;
        b.keepaliveInterval = keepaliveInterval;
        b.gatheringTimeout = gatheringTimeout;
        b.failWithoutEndOfCandidates = failWithoutEndOfCandidates;
        b.maxPairs = maxPairs;
        b.software = software;
        return b;
    }

    public List<IceServer> iceServers() { return iceServers; }
    public CandidatePolicy candidatePolicy() { return candidatePolicy; }
    public boolean ipv4() { return ipv4; }
    public boolean ipv6() { return ipv6; }
    public boolean includeLoopback() { return includeLoopback; }
    /** Explicit local IP addresses to gather on; empty means every suitable interface. */
    public List<String> interfaceAddresses() { return interfaceAddresses; }
    /** Pacing of new checks, Ta (RFC 8445 section 14.2). */
    public Duration ta() { return ta; }
    /** Initial retransmission timeout of STUN requests (RFC 8489 section 6.2.1). */
    public Duration stunRto() { return stunRto; }
    /** Rc: how many times a request is sent before it fails. */
    public int stunMaxTransmissions() { return stunMaxTransmissions; }
    /** Rm: the wait after the last transmission, in RTOs. */
    public int stunLastWaitMultiplier() { return stunLastWaitMultiplier; }
    /** How long the controlling agent waits for better pairs after the first valid one before nominating. */
    public Duration nominationDelay() { return nominationDelay; }
    /** Mean interval of consent checks (RFC 7675 section 5.1: 5 s, randomized to 0.8..1.2 of it). */
    public Duration consentInterval() { return consentInterval; }
    /** A consent check unanswered for this long makes the state DISCONNECTED. */
    public Duration consentResponseTimeout() { return consentResponseTimeout; }
    /** Consent expires this long after the last response (RFC 7675: 30 s), and the state is FAILED. */
    public Duration consentExpiry() { return consentExpiry; }
    /** Keepalive interval Tr on the selected pair when nothing else was sent (RFC 8445 section 11). */
    public Duration keepaliveInterval() { return keepaliveInterval; }
    /** Server-reflexive and relay gathering gives up after this. */
    public Duration gatheringTimeout() { return gatheringTimeout; }
    /**
     * When every pair has failed and the peer never signalled end-of-candidates, the agent fails after this much
     * time without a new remote candidate (trickle, RFC 8838 section 8).
     */
    public Duration failWithoutEndOfCandidates() { return failWithoutEndOfCandidates; }
    /** Upper bound on the check list (RFC 8445 section 6.1.2.5). */
    public int maxPairs() { return maxPairs; }
    /** SOFTWARE attribute value, or null for none. */
    public String software() { return software; }

    public static final class Builder {
        private final List<IceServer> iceServers = new ArrayList<>();
        private CandidatePolicy candidatePolicy = CandidatePolicy.ALL;
        private boolean ipv4 = true;
        private boolean ipv6 = true;
        private boolean includeLoopback = false;
        private final List<String> interfaceAddresses = new ArrayList<>();
        private Duration ta = Duration.ofMillis(50);
        private Duration stunRto = Duration.ofMillis(500);
        private int stunMaxTransmissions = 7;
        private int stunLastWaitMultiplier = 16;
        private Duration nominationDelay = Duration.ofMillis(200);
        private Duration consentInterval = Duration.ofSeconds(5);
        private Duration consentResponseTimeout = Duration.ofSeconds(2);
        private Duration consentExpiry = Duration.ofSeconds(30);
        private Duration keepaliveInterval = Duration.ofSeconds(15);
        private Duration gatheringTimeout = Duration.ofSeconds(5);
        private Duration failWithoutEndOfCandidates = Duration.ofSeconds(10);
        private int maxPairs = 100;
        private String software = "Robusta";

        public Builder iceServer(IceServer server) {
            iceServers.add(Objects.requireNonNull(server));
            return this;
        }

        public Builder iceServers(List<IceServer> servers) {
            iceServers.addAll(servers);
            return this;
        }

        public Builder candidatePolicy(CandidatePolicy policy) {
            this.candidatePolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder ipv4(boolean enabled) {
            this.ipv4 = enabled;
            return this;
        }

        public Builder ipv6(boolean enabled) {
            this.ipv6 = enabled;
            return this;
        }

        /** Gather on loopback interfaces too (off by default, as in browsers; tests and demos turn it on). */
        public Builder includeLoopback(boolean include) {
            this.includeLoopback = include;
            return this;
        }

        /** Gather only on these local IP addresses (literals), e.g. "127.0.0.1", "::1". */
        public Builder interfaceAddress(String ipLiteral) {
            interfaceAddresses.add(Objects.requireNonNull(ipLiteral));
            return this;
        }

        public Builder ta(Duration ta) {
            if (ta.toMillis() < 5) {
                throw new IllegalArgumentException("Ta must be at least 5 ms (RFC 8445 section 14.2)");
            }
            this.ta = ta;
            return this;
        }

        public Builder stunRto(Duration rto) {
            this.stunRto = positive(rto, "stunRto");
            return this;
        }

        public Builder stunMaxTransmissions(int rc) {
            if (rc < 1) {
                throw new IllegalArgumentException("stunMaxTransmissions must be >= 1");
            }
            this.stunMaxTransmissions = rc;
            return this;
        }

        public Builder stunLastWaitMultiplier(int rm) {
            if (rm < 1) {
                throw new IllegalArgumentException("stunLastWaitMultiplier must be >= 1");
            }
            this.stunLastWaitMultiplier = rm;
            return this;
        }

        public Builder nominationDelay(Duration d) {
            this.nominationDelay = nonNegative(d, "nominationDelay");
            return this;
        }

        public Builder consentInterval(Duration d) {
            this.consentInterval = positive(d, "consentInterval");
            return this;
        }

        public Builder consentResponseTimeout(Duration d) {
            this.consentResponseTimeout = positive(d, "consentResponseTimeout");
            return this;
        }

        public Builder consentExpiry(Duration d) {
            this.consentExpiry = positive(d, "consentExpiry");
            return this;
        }

        public Builder keepaliveInterval(Duration d) {
            this.keepaliveInterval = positive(d, "keepaliveInterval");
            return this;
        }

        public Builder gatheringTimeout(Duration d) {
            this.gatheringTimeout = positive(d, "gatheringTimeout");
            return this;
        }

        public Builder failWithoutEndOfCandidates(Duration d) {
            this.failWithoutEndOfCandidates = positive(d, "failWithoutEndOfCandidates");
            return this;
        }

        public Builder maxPairs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxPairs must be >= 1");
            }
            this.maxPairs = n;
            return this;
        }

        public Builder software(String software) {
            this.software = software;
            return this;
        }

        public IceAgentConfig build() {
            return new IceAgentConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }

        private static Duration nonNegative(Duration d, String name) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        }
    }
}

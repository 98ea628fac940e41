package dev.robusta.ice.sim;

import java.time.Duration;

/**
 * How a simulated path treats each datagram, decided independently per datagram from the network's seeded
 * random source: lost with probability {@code lossRate}; otherwise delivered after {@code baseDelay} plus a
 * uniform jitter in {@code [0, jitter]} (independent jitter reorders datagrams); and with probability
 * {@code duplicationRate} a second copy is delivered with its own delay.
 *
 * @param lossRate        probability in [0, 1) that a datagram is lost
 * @param baseDelayNanos  minimum one-way delay
 * @param jitterNanos     maximum extra one-way delay, drawn uniformly per datagram
 * @param duplicationRate probability in [0, 1] that a delivered datagram is delivered twice
 */
public record LinkConditions(double lossRate, long baseDelayNanos, long jitterNanos, double duplicationRate) {

    /** No loss, no duplication, a fixed 1 ms delay. */
    public static final LinkConditions IDEAL = new LinkConditions(0, 1_000_000L, 0, 0);

    public LinkConditions {
        if (!(lossRate >= 0 && lossRate < 1)) {
            throw new IllegalArgumentException("loss rate must be in [0, 1): " + lossRate);
        }
        if (!(duplicationRate >= 0 && duplicationRate <= 1)) {
            throw new IllegalArgumentException("duplication rate must be in [0, 1]: " + duplicationRate);
        }
        if (baseDelayNanos < 0 || jitterNanos < 0) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    /** One-way delay uniform in {@code [minDelay, maxDelay]}, with the given loss and duplication. */
    public static LinkConditions of(double lossRate, Duration minDelay, Duration maxDelay, double duplicationRate) {
        if (maxDelay.compareTo(minDelay) < 0) {
            throw new IllegalArgumentException("maxDelay < minDelay");
        }
        return new LinkConditions(lossRate, minDelay.toNanos(), maxDelay.minus(minDelay).toNanos(), duplicationRate);
    }

    public LinkConditions withLoss(double rate) {
        return new LinkConditions(rate, baseDelayNanos, jitterNanos, duplicationRate);
    }

    public LinkConditions withDuplication(double rate) {
        return new LinkConditions(lossRate, baseDelayNanos, jitterNanos, rate);
    }

    public LinkConditions withDelay(Duration minDelay, Duration maxDelay) {
        return of(lossRate, minDelay, maxDelay, duplicationRate);
    }

    @Override
    public String toString() {
        return String.format("loss %.0f%%, delay %d-%d ms, dup %.0f%%", lossRate * 100, baseDelayNanos / 1_000_000,
                (baseDelayNanos + jitterNanos) / 1_000_000, duplicationRate * 100);
    }
}

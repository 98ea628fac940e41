package dev.robusta.ice.core;

import dev.robusta.ice.IceAgentConfig;
import java.util.Random;

/**
 * The clock of consent freshness (RFC 7675) and keepalives (RFC 8445 section 11) on the selected pair: when a
 * consent check or a keepalive is due, when the pair is late (DISCONNECTED) and when its consent has expired
 * (FAILED). It keeps times only; {@link IceAgentCore} builds and sends the messages.
 */
final class ConsentTimer {
    private final long intervalNanos;
    private final long responseTimeoutNanos;
    private final long expiryNanos;
    private final long keepaliveNanos;
    private final long retryNanos;
    private final Random random;

    private long lastResponseAt;
    /** When the oldest unanswered check went out, or -1 when every check so far was answered. */
    private long pendingSince = -1;
    private long nextCheckAt = Long.MAX_VALUE;
    private long lastCheckSentAt;
    private long lastSentAt;

    ConsentTimer(IceAgentConfig config, Random random) {
        this.intervalNanos = config.consentInterval().toNanos();
        this.responseTimeoutNanos = config.consentResponseTimeout().toNanos();
        this.expiryNanos = config.consentExpiry().toNanos();
        this.keepaliveNanos = config.keepaliveInterval().toNanos();
        // While a check is unanswered, another goes out every quarter of the response timeout: one lost packet
        // must not make the state DISCONNECTED (RFC 7675 section 5.1 lets checks be retransmitted).
        this.retryNanos = Math.max(1, responseTimeoutNanos / 4);
        this.random = random;
    }

    /** A pair was just selected: it has consent now (its check succeeded). */
    void start(long now) {
        lastResponseAt = now;
        pendingSince = -1;
        nextCheckAt = now + randomizedInterval();
        lastSentAt = now;
    }

    void responded(long now) {
        lastResponseAt = now;
        pendingSince = -1;
    }

    /** Anything went out on the selected pair (keepalives are needed only after Tr of silence). */
    void sent(long now) {
        lastSentAt = now;
    }

    /** A consent check went out. */
    void checkSent(long now) {
        if (pendingSince < 0) {
            pendingSince = now;
        }
        lastCheckSentAt = now;
        if (now >= nextCheckAt) {
            nextCheckAt = now + randomizedInterval();
        }
    }

    boolean checkDue(long now) {
        return now >= nextCheckAt || (pendingSince >= 0 && now - lastCheckSentAt >= retryNanos);
    }

    boolean keepaliveDue(long now) {
        return now - lastSentAt >= keepaliveNanos;
    }

    /** A check has gone unanswered for the response timeout: the state is DISCONNECTED. */
    boolean late(long now) {
        return pendingSince >= 0 && now - pendingSince >= responseTimeoutNanos;
    }

    /** RFC 7675 section 5.1: no response for the expiry time (30 s): consent is lost. */
    boolean expired(long now) {
        return now - lastResponseAt >= expiryNanos;
    }

    long lastResponseAt() {
        return lastResponseAt;
    }

    /**
     * The next moment something is due. The DISCONNECTED moment is left out once it has passed, or a driver
     * would be asked for it again and again until consent came back or expired.
     */
    long deadline(boolean alreadyDisconnected) {
        long d = Math.min(nextCheckAt, lastSentAt + keepaliveNanos);
        d = Math.min(d, lastResponseAt + expiryNanos);
        if (pendingSince >= 0) {
            d = Math.min(d, lastCheckSentAt + retryNanos);
            if (!alreadyDisconnected) {
                d = Math.min(d, pendingSince + responseTimeoutNanos);
            }
        }
        return d;
    }

    /** RFC 7675 section 5.1: the interval is randomized to 0.8..1.2 of its mean. */
    private long randomizedInterval() {
        return (long) (intervalNanos * (0.8 + 0.4 * random.nextDouble()));
    }
}

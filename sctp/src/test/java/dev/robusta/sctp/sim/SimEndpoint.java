package dev.robusta.sctp.sim;

import java.nio.ByteBuffer;

/** One side of a simulation: a sans-IO core seen through the calls a driver makes. */
public interface SimEndpoint {
    void input(byte[] packet, long now);

    /** The next packet to send, or null. */
    ByteBuffer poll(long now);

    void timeout(long now);

    long deadline();

    /** Runs calls other threads queued (a no-op for a bare association). */
    default void runCalls(long now) {
    }

    /** Whether calls are queued (the driver's wakeup fired). */
    default boolean callsPending() {
        return false;
    }
}

package dev.robusta.sctp.sim;

/**
 * What a simulated one-way link does to packets: random loss, duplication, a base delay plus uniform jitter
 * (which reorders packets), and optionally a bottleneck rate with a drop-tail queue.
 *
 * @param loss           probability a packet is lost
 * @param duplicate      probability a packet is delivered twice
 * @param delayNanos     base one-way delay
 * @param jitterNanos    extra delay drawn uniformly from [0, jitter): reorders packets closer than that
 * @param bytesPerSecond bottleneck rate, or 0 for none
 * @param queuePackets   bottleneck queue length (drop tail), when a rate is set
 */
public record LinkConditions(double loss, double duplicate, long delayNanos, long jitterNanos, long bytesPerSecond,
                             int queuePackets) {
    public static LinkConditions perfect() {
        return new LinkConditions(0, 0, 0, 0, 0, 0);
    }

    public static LinkConditions of(double loss, double duplicate, long delayMillis, long jitterMillis) {
        return new LinkConditions(loss, duplicate, delayMillis * 1_000_000L, jitterMillis * 1_000_000L, 0, 0);
    }

    public LinkConditions withBottleneck(long bytesPerSecond, int queuePackets) {
        return new LinkConditions(loss, duplicate, delayNanos, jitterNanos, bytesPerSecond, queuePackets);
    }
}

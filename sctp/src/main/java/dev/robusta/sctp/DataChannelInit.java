package dev.robusta.sctp;

/**
 * Options of a new data channel (W3C RTCDataChannelInit). Immutable: start from {@link #defaults()} (reliable,
 * ordered, in-band) and change with the {@code with} methods, e.g.
 * {@code DataChannelInit.defaults().withOrdered(false).withMaxRetransmits(0)}.
 *
 * @param ordered            deliver in order
 * @param maxPacketLifeTime  milliseconds a message may be (re)transmitted, or -1 (RFC 3758 timed reliability)
 * @param maxRetransmits     retransmissions allowed, or -1 (RFC 3758 limited retransmissions)
 * @param protocol           the sub-protocol name (DCEP)
 * @param negotiated         true when both sides create the channel themselves with the same id (no DCEP)
 * @param id                 the stream id for a negotiated channel, or -1 to pick one (in-band channels)
 * @param priority           the channel's priority (carried in DCEP)
 */
public record DataChannelInit(boolean ordered, int maxPacketLifeTime, int maxRetransmits, String protocol,
                              boolean negotiated, int id, DataChannelPriority priority) {
    public DataChannelInit {
        if (maxPacketLifeTime >= 0 && maxRetransmits >= 0) {
            throw new IllegalArgumentException("maxPacketLifeTime and maxRetransmits cannot both be set");
        }
        if (maxPacketLifeTime < -1 || maxRetransmits < -1 || maxPacketLifeTime > 65535 || maxRetransmits > 65535) {
            throw new IllegalArgumentException("maxPacketLifeTime and maxRetransmits are -1 or 0..65535");
        }
        if (negotiated && (id < 0 || id > 65534)) {
            throw new IllegalArgumentException("a negotiated channel needs an id in 0..65534");
        }
        if (protocol == null || priority == null) {
            throw new IllegalArgumentException("protocol and priority must not be null");
        }
        if (protocol.length() > 65535) {
            throw new IllegalArgumentException("protocol longer than 65535");
        }
    }

    public static DataChannelInit defaults() {
        return new DataChannelInit(true, -1, -1, "", false, -1, DataChannelPriority.LOW);
    }

    public DataChannelInit withOrdered(boolean value) {
        return new DataChannelInit(value, maxPacketLifeTime, maxRetransmits, protocol, negotiated, id, priority);
    }

    public DataChannelInit withMaxPacketLifeTime(int millis) {
        return new DataChannelInit(ordered, millis, maxRetransmits, protocol, negotiated, id, priority);
    }

    public DataChannelInit withMaxRetransmits(int value) {
        return new DataChannelInit(ordered, maxPacketLifeTime, value, protocol, negotiated, id, priority);
    }

    public DataChannelInit withProtocol(String value) {
        return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, value, negotiated, id, priority);
    }

    /** A negotiated channel on stream {@code streamId}: the application creates it on both sides. */
    public DataChannelInit withNegotiatedId(int streamId) {
        return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, protocol, true, streamId, priority);
    }

    public DataChannelInit withPriority(DataChannelPriority value) {
        return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, protocol, negotiated, id, value);
    }

    /** Whether messages may be lost (a retransmission or lifetime limit is set). */
    public boolean partiallyReliable() {
        return maxPacketLifeTime >= 0 || maxRetransmits >= 0;
    }
}

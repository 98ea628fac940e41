package dev.robusta.sctp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebRTC data channel (W3C RTCDataChannel, RFC 8831): a bidirectional message stream on one SCTP stream id.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. {@link #send} copies the message once and hands
 * it to the connection's driver thread, which puts it on the wire; it never blocks and never waits for the
 * network. Listener methods run on the driver thread. {@link #bufferedAmount()} counts bytes accepted by
 * {@code send} and not yet sent once; it is exact whichever thread reads it.
 */
public final class DataChannel {
    static final int PPID_DCEP = 50;
    static final int PPID_STRING = 51;
    static final int PPID_BINARY = 53;
    static final int PPID_STRING_EMPTY = 56;
    static final int PPID_BINARY_EMPTY = 57;
    private static final byte[] EMPTY_PAYLOAD = new byte[1];

    private final SctpTransport transport;
    private final int id;
    private final String label;
    private final String protocol;
    private final boolean ordered;
    private final int maxPacketLifeTime;
    private final int maxRetransmits;
    private final boolean negotiated;
    private final DataChannelPriority priority;
    private final AtomicLong bufferedAmount = new AtomicLong();
    private volatile long bufferedAmountLowThreshold;
    private volatile DataChannelState state = DataChannelState.CONNECTING;
    private static final DataChannelListener NO_LISTENER = new DataChannelListener() { };
    /** How many messages are kept for a channel whose listener is not set yet. */
    private static final int MAX_HELD_MESSAGES = 4096;

    private volatile DataChannelListener listener = NO_LISTENER;

    // Driver-thread state.
    /** Until the peer's DATA_CHANNEL_ACK (or first message) arrives, messages go ordered (RFC 8832 6). */
    boolean acknowledged;
    boolean outgoingReset;
    boolean incomingReset;
    // Written on the driver thread only; volatile so stats read on any thread see current values.
    volatile long messagesSent;
    volatile long bytesSent;
    volatile long messagesReceived;
    volatile long bytesReceived;
    /** open fired before any listener was set: it is replayed to the first one. */
    boolean openMissed;
    /** Messages that arrived before any listener was set, replayed in order to the first one. */
    java.util.ArrayDeque<DataChannelMessage> held;

    DataChannel(SctpTransport transport, int id, String label, DataChannelInit init, boolean acknowledged) {
        this.transport = transport;
        this.id = id;
        this.label = label;
        this.protocol = init.protocol();
        this.ordered = init.ordered();
        this.maxPacketLifeTime = init.maxPacketLifeTime();
        this.maxRetransmits = init.maxRetransmits();
        this.negotiated = init.negotiated();
        this.priority = init.priority();
        this.acknowledged = acknowledged;
    }

    public int id() {
        return id;
    }

    public String label() {
        return label;
    }

    public String protocol() {
        return protocol;
    }

    public boolean ordered() {
        return ordered;
    }

    /** Milliseconds, or -1 when not set. */
    public int maxPacketLifeTime() {
        return maxPacketLifeTime;
    }

    /** -1 when not set. */
    public int maxRetransmits() {
        return maxRetransmits;
    }

    public boolean negotiated() {
        return negotiated;
    }

    public DataChannelPriority priority() {
        return priority;
    }

    public DataChannelState readyState() {
        return state;
    }

    public long bufferedAmount() {
        return bufferedAmount.get();
    }

    public long bufferedAmountLowThreshold() {
        return bufferedAmountLowThreshold;
    }

    public void setBufferedAmountLowThreshold(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("threshold must be >= 0");
        }
        bufferedAmountLowThreshold = bytes;
    }

    /**
     * Replaces the listener (there is one; compose your own if you need more). Events that happened before the
     * first listener was set (open, messages) are delivered to it, on the driver thread, as in browsers where
     * a handler set right after {@code createDataChannel} misses nothing.
     */
    public void setListener(DataChannelListener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
        if (listener != null) {
            transport.submit(now -> transport.replayHeldEvents(this));
        }
    }

    boolean hasListener() {
        return listener != NO_LISTENER;
    }

    /** Driver thread: keeps a message for the first listener; false when too many are held already. */
    boolean hold(DataChannelMessage m) {
        if (held == null) {
            held = new java.util.ArrayDeque<>();
        }
        if (held.size() >= MAX_HELD_MESSAGES) {
            return false;
        }
        held.add(m);
        return true;
    }

    DataChannelListener listener() {
        return listener;
    }

    /** Messages handed to SCTP on this channel (W3C RTCDataChannelStats.messagesSent; DCEP not counted). */
    public long messagesSent() {
        return messagesSent;
    }

    /** Payload bytes of those messages (an empty message counts 0). */
    public long bytesSent() {
        return bytesSent;
    }

    /** Whole messages delivered on this channel (DCEP not counted). */
    public long messagesReceived() {
        return messagesReceived;
    }

    /** Payload bytes of those messages. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Sends a text message (PPID 51, or 56 when empty). */
    public void send(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        enqueue(b, b.length == 0 ? PPID_STRING_EMPTY : PPID_STRING, b.length);
    }

    /** Sends a binary message (PPID 53, or 57 when empty); the array is copied. */
    public void send(byte[] data) {
        send(data, 0, data.length);
    }

    public void send(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " of " + data.length);
        }
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        enqueue(copy, length == 0 ? PPID_BINARY_EMPTY : PPID_BINARY, length);
    }

    /** Sends the buffer's remaining bytes as a binary message; the buffer's position moves to its limit. */
    public void send(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        enqueue(copy, copy.length == 0 ? PPID_BINARY_EMPTY : PPID_BINARY, copy.length);
    }

    private void enqueue(byte[] payload, int ppid, int length) {
        if (state != DataChannelState.OPEN) {
            throw new IllegalStateException("data channel '" + label + "' is " + state + ", not OPEN");
        }
        int max = transport.maxMessageSize();
        if (length > max) {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds the maximum message size "
                    + max);
        }
        // An empty message travels as one zero byte with the "empty" PPID (RFC 8831 6.6).
        byte[] wire = length == 0 ? EMPTY_PAYLOAD : payload;
        bufferedAmount.addAndGet(wire.length);
        transport.submit(now -> transport.sendOnDriver(this, ppid, wire, now));
    }

    /** Starts closing (RFC 8831 6.7): queued messages are sent, then the stream is reset in both directions. */
    public void close() {
        DataChannelState s = state;
        if (s == DataChannelState.CLOSING || s == DataChannelState.CLOSED) {
            return;
        }
        state = DataChannelState.CLOSING;
        transport.submit(now -> transport.closeOnDriver(this));
    }

    // ---- driver side

    void setState(DataChannelState s) {
        state = s;
    }

    void bytesSent(int bytes) {
        long after = bufferedAmount.addAndGet(-bytes);
        long threshold = bufferedAmountLowThreshold;
        if (after <= threshold && after + bytes > threshold) {
            listener.onBufferedAmountLow(this);
        }
    }

    @Override
    public String toString() {
        return "DataChannel{id=" + id + ", label='" + label + "', state=" + state + "}";
    }
}

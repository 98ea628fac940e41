package dev.robusta.peer;

import dev.robusta.sctp.DataChannel;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.DataChannelListener;
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.DataChannelPriority;
import dev.robusta.sctp.DataChannelState;
import dev.robusta.sctp.SctpException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * W3C RTCDataChannel. A channel created before the connection has negotiated exists at once but is not yet
 * bound to an SCTP stream: the offerer learns its DTLS role, and so the parity of its stream ids (RFC 8832 6),
 * only from the answer. Until bound it is {@code connecting}, has id -1 (unless negotiated) and refuses to send,
 * as a browser's channel does before it opens.
 *
 * <p>Methods may be called from any thread; listener calls come on the connection's event loop, one at a time.
 */
public final class RTCDataChannel {

    /** The channel's events (W3C open, message, bufferedamountlow, closing, close, error). Must not block. */
    public interface Listener {
        default void onOpen(RTCDataChannel channel) {
        }

        default void onMessage(RTCDataChannel channel, DataChannelMessage message) {
        }

        default void onBufferedAmountLow(RTCDataChannel channel) {
        }

        default void onClosing(RTCDataChannel channel) {
        }

        default void onClose(RTCDataChannel channel) {
        }

        default void onError(RTCDataChannel channel, SctpException error) {
        }
    }

    private static final Listener NO_LISTENER = new Listener() { };

    private final String label;
    private final DataChannelInit init;
    private final String statsId;
    private volatile Listener listener = NO_LISTENER;
    private volatile DataChannel bound;
    /** Closed before it was bound: it will never be. */
    private volatile boolean closedEarly;
    private volatile boolean closeReported;
    private volatile long bufferedAmountLowThreshold;
    /** For stats (W3C dataChannelsOpened / dataChannelsClosed). */
    private volatile boolean opened;
    private volatile boolean closedAfterOpen;
    /** The SCTP channel's events go to {@link Forwarder} (guarded by this). */
    private boolean forwarding;

    RTCDataChannel(String label, DataChannelInit init, String statsId) {
        this.label = Objects.requireNonNull(label, "label");
        this.init = Objects.requireNonNull(init, "init");
        this.statsId = statsId;
    }

    /** A channel the peer opened: bound from the start. */
    static RTCDataChannel ofRemote(DataChannel channel, String statsId) {
        RTCDataChannel c = new RTCDataChannel(channel.label(), DataChannelInit.defaults(), statsId);
        c.bind(channel);
        return c;
    }

    /** Called when the SCTP transport exists (on the event loop, or under the connection's lock). */
    void bind(DataChannel channel) {
        channel.setBufferedAmountLowThreshold(bufferedAmountLowThreshold);
        bound = channel;
        forwardOnceListened();
    }

    /**
     * Passes the SCTP channel's events on once there is a listener to take them, not before: the SCTP channel
     * keeps an open and messages that come while it has no listener and replays them to its first one, so a
     * listener set just after createDataChannel (or in the datachannel event) misses nothing.
     */
    private synchronized void forwardOnceListened() {
        DataChannel c = bound;
        if (c != null && !forwarding && listener != NO_LISTENER) {
            forwarding = true;
            c.setListener(new Forwarder());
        }
    }

    /** Called on the event loop when this channel will never be bound (closed early, or the connection ended). */
    void abandon() {
        if (bound == null && !closeReported) {
            closedEarly = true;
            closeReported = true;
            listener.onClose(this);
        }
    }

    boolean isBound() {
        return bound != null;
    }

    /** The SCTP channel, or null while unbound (stats read its counters). */
    DataChannel boundChannel() {
        return bound;
    }

    /** The id of this channel's data-channel stats object. */
    String statsId() {
        return statsId;
    }

    boolean hasOpened() {
        DataChannel c = bound;
        return opened || (c != null && c.readyState() == DataChannelState.OPEN);
    }

    boolean hasClosedAfterOpen() {
        return closedAfterOpen;
    }

    DataChannelInit init() {
        return init;
    }

    /** Sets the listener; events that came before the first one (open, messages) are replayed to it in order. */
    public void setListener(Listener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
        if (listener != null) {
            forwardOnceListened();
        }
    }

    public String label() {
        return label;
    }

    /** The SCTP stream id, or -1 while an in-band channel is not bound yet. */
    public int id() {
        DataChannel c = bound;
        if (c != null) {
            return c.id();
        }
        return init.negotiated() ? init.id() : -1;
    }

    public boolean negotiated() {
        DataChannel c = bound;
        return c != null ? c.negotiated() : init.negotiated();
    }

    public boolean ordered() {
        DataChannel c = bound;
        return c != null ? c.ordered() : init.ordered();
    }

    /** Milliseconds a message may be (re)transmitted, or -1 when not limited by time (W3C maxPacketLifeTime). */
    public int maxPacketLifeTime() {
        DataChannel c = bound;
        return c != null ? c.maxPacketLifeTime() : init.maxPacketLifeTime();
    }

    /** Retransmissions allowed per message, or -1 when not limited (W3C maxRetransmits). */
    public int maxRetransmits() {
        DataChannel c = bound;
        return c != null ? c.maxRetransmits() : init.maxRetransmits();
    }

    /** The priority (for an in-band channel the peer opened: the one its DCEP OPEN carried). */
    public DataChannelPriority priority() {
        DataChannel c = bound;
        return c != null ? c.priority() : init.priority();
    }

    public String protocol() {
        DataChannel c = bound;
        return c != null ? c.protocol() : init.protocol();
    }

    public DataChannelState readyState() {
        DataChannel c = bound;
        if (c != null) {
            return c.readyState();
        }
        return closedEarly ? DataChannelState.CLOSED : DataChannelState.CONNECTING;
    }

    public long bufferedAmount() {
        DataChannel c = bound;
        return c == null ? 0 : c.bufferedAmount();
    }

    public void setBufferedAmountLowThreshold(long bytes) {
        bufferedAmountLowThreshold = bytes;
        DataChannel c = bound;
        if (c != null) {
            c.setBufferedAmountLowThreshold(bytes);
        }
    }

    /** @throws InvalidStateException unless the channel is open */
    public void send(String text) {
        open().send(text);
    }

    /** Sends a binary message; the array is copied. */
    public void send(byte[] data) {
        open().send(data);
    }

    public void send(byte[] data, int offset, int length) {
        open().send(data, offset, length);
    }

    public void send(ByteBuffer data) {
        open().send(data);
    }

    /** Closes the channel (RFC 8831 6.7); a channel not yet bound closes at once and is never opened. */
    public void close() {
        DataChannel c = bound;
        if (c != null) {
            c.close();
        } else {
            closedEarly = true;
        }
    }

    private DataChannel open() {
        DataChannel c = bound;
        if (c == null || c.readyState() != DataChannelState.OPEN) {
            throw new InvalidStateException("data channel '" + label + "' is " + readyState().name().toLowerCase()
                    + ", not open");
        }
        return c;
    }

    @Override
    public String toString() {
        return "RTCDataChannel{id=" + id() + ", label='" + label + "', state=" + readyState() + "}";
    }

    /** Passes the SCTP channel's events on as this channel's. */
    private final class Forwarder implements DataChannelListener {
        @Override
        public void onOpen(DataChannel channel) {
            opened = true;
            listener.onOpen(RTCDataChannel.this);
        }

        @Override
        public void onMessage(DataChannel channel, DataChannelMessage message) {
            listener.onMessage(RTCDataChannel.this, message);
        }

        @Override
        public void onBufferedAmountLow(DataChannel channel) {
            listener.onBufferedAmountLow(RTCDataChannel.this);
        }

        @Override
        public void onClosing(DataChannel channel) {
            listener.onClosing(RTCDataChannel.this);
        }

        @Override
        public void onClose(DataChannel channel) {
            closedAfterOpen = opened;
            listener.onClose(RTCDataChannel.this);
        }

        @Override
        public void onError(DataChannel channel, SctpException error) {
            listener.onError(RTCDataChannel.this, error);
        }
    }
}

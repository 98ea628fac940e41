package dev.robusta.sctp;

import dev.robusta.sctp.core.SctpAssociation;
import dev.robusta.sctp.core.SctpEvent;
import dev.robusta.sctp.wire.DcepMessage;
import dev.robusta.sctp.wire.SctpParseException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data channels over one SCTP association (W3C RTCSctpTransport, RFC 8831, DCEP per RFC 8832); still sans-IO.
 *
 * <p><b>Threading contract.</b> One <i>driver thread</i> (the connection's event loop) calls {@link #start},
 * {@link #handleInput}, {@link #handleTimeout}, {@link #pollTransmit}, {@link #runPendingCalls} and
 * {@link #nextDeadline}, never two at once. Everything else ({@link #createDataChannel}, every
 * {@link DataChannel} method, {@link #close}) may be called from any thread: such calls are queued and run on
 * the driver thread, and the first queued call since the last {@link #runPendingCalls} invokes the
 * {@code wakeup} callback given to the constructor. The driver's wakeup must arrange, soon and on the driver
 * thread, a call to {@link #runPendingCalls} followed by draining {@link #pollTransmit} (e.g.
 * {@code () -> eventLoop.execute(this::flush)}). Listeners run on the driver thread.
 *
 * <p>Stream ids: the DTLS client uses even ids and the server odd ones (RFC 8832 6), so both sides can open
 * channels at once; ids of closed channels are reused once both directions of their stream have been reset.
 */
public final class SctpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(SctpTransport.class);

    /** A call queued from any thread, run on the driver thread with the driver's current time. */
    interface Call {
        void run(long nowNanos);
    }

    private final SctpConfig config;
    private final SctpAssociation association;
    private final boolean dtlsClient;
    private final Runnable wakeup;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Channels by stream id: written under {@code this} (any thread), read anywhere. */
    private final ConcurrentHashMap<Integer, DataChannel> channels = new ConcurrentHashMap<>();
    /** Driver thread: a flat table for the per-chunk bufferedAmount callback. */
    private DataChannel[] byStream = new DataChannel[64];
    private final List<DataChannel> waitingForConnection = new ArrayList<>();
    private volatile SctpTransportListener listener = new SctpTransportListener() { };
    private volatile boolean connected;
    private volatile boolean closed;

    /**
     * @param dtlsClient whether this side is the DTLS client (it then opens channels on even stream ids)
     * @param random     source of verification tags, initial TSNs and the cookie key: a {@code SecureRandom}
     *                   in production, seeded in tests
     * @param wakeup     called (from any thread) when calls are queued for the driver thread; see the class doc
     */
    public SctpTransport(SctpConfig config, boolean dtlsClient, Random random, Runnable wakeup) {
        this.config = config;
        this.dtlsClient = dtlsClient;
        this.wakeup = wakeup;
        this.association = new SctpAssociation(config, random);
        association.setBufferedAmountListener(this::bytesSent);
    }

    public void setListener(SctpTransportListener listener) {
        this.listener = listener == null ? new SctpTransportListener() { } : listener;
    }

    /** The core, for the driver's statistics; drive it only through this transport. */
    public SctpAssociation association() {
        return association;
    }

    public boolean isConnected() {
        return connected;
    }

    /** The largest message {@link DataChannel#send} accepts: the peer's maximum message size. */
    public int maxMessageSize() {
        return config.remoteMaxMessageSize();
    }

    /** Open channels (including connecting and closing ones). */
    public List<DataChannel> channels() {
        return List.copyOf(channels.values());
    }

    // ---- any thread

    /**
     * Creates a channel. In-band channels get the lowest free id of this side's parity and announce themselves
     * with DATA_CHANNEL_OPEN once the association is up; negotiated ones use {@code init.id()}.
     *
     * @throws IllegalStateException when the transport is closed, or the id is taken / none is left
     */
    public DataChannel createDataChannel(String label, DataChannelInit init) {
        return createDataChannel(label, init, null);
    }

    /** Creates a channel with its listener already set (see {@link #createDataChannel(String, DataChannelInit)}). */
    public DataChannel createDataChannel(String label, DataChannelInit init, DataChannelListener listener) {
        if (label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 65535) {
            throw new IllegalArgumentException("label longer than 65535 bytes");
        }
        if (closed) {
            throw new IllegalStateException("SCTP transport is closed");
        }
        DataChannel ch;
        synchronized (this) {
            int id;
            if (init.negotiated()) {
                id = init.id();
                if (channels.containsKey(id)) {
                    throw new IllegalStateException("stream id " + id + " is in use");
                }
            } else {
                id = dtlsClient ? 0 : 1;
                while (id < 65535 && channels.containsKey(id)) {
                    id += 2;
                }
                if (id >= 65535) {
                    throw new IllegalStateException("no free stream id");
                }
            }
            ch = new DataChannel(this, id, label, init, init.negotiated());
            if (listener != null) {
                ch.setListener(listener);
            }
            channels.put(id, ch);
        }
        DataChannel created = ch;
        submit(now -> openOnDriver(created, now));
        return ch;
    }

    /** Shuts the association down gracefully (channels close). */
    public void close() {
        submit(now -> association.shutdown(now));
    }

    void submit(Call call) {
        calls.add(call);
        if (wakeupPending.compareAndSet(false, true)) {
            wakeup.run();
        }
    }

    // ---- driver thread

    /**
     * Starts the association (sends INIT). Both WebRTC peers do this; if the peer's INIT already arrived and the
     * association is being (or was) set up from it, there is nothing left to start and this does nothing.
     */
    public void start(long now) {
        if (association.state() == SctpAssociation.State.CLOSED && !association.isEnded()) {
            association.connect(now);
        }
        dispatchEvents(now);
    }

    /** Runs calls queued from other threads. */
    public void runPendingCalls(long now) {
        wakeupPending.set(false);
        Call c;
        while ((c = calls.poll()) != null) {
            try {
                c.run(now);
            } catch (RuntimeException e) {
                LOG.warn("SCTP: queued call failed", e);
            }
        }
        dispatchEvents(now);
    }

    public void handleInput(byte[] b, int off, int len, long now) {
        association.handleInput(b, off, len, now);
        dispatchEvents(now);
    }

    public void handleInput(ByteBuffer packet, long now) {
        association.handleInput(packet, now);
        dispatchEvents(now);
    }

    public void handleTimeout(long now) {
        runPendingCalls(now);
        association.handleTimeout(now);
        dispatchEvents(now);
    }

    /** The next packet to send (a view valid until the next call), or null. */
    public ByteBuffer pollTransmit(long now) {
        ByteBuffer b = association.pollTransmit(now);
        if (b == null) {
            dispatchEvents(now);
        }
        return b;
    }

    public long nextDeadline() {
        return association.nextDeadline();
    }

    void sendOnDriver(DataChannel ch, int ppid, byte[] data, long now) {
        if (ch.readyState() == DataChannelState.CLOSED || association.isEnded()) {
            return; // the message is dropped with the channel; bufferedAmount keeps it, as in browsers
        }
        boolean unordered = !ch.ordered() && ch.acknowledged;
        try {
            association.send(ch.id(), ppid, data, 0, data.length, unordered, ch.maxRetransmits(),
                    ch.maxPacketLifeTime(), now);
            ch.messagesSent++;
            if (ppid != DataChannel.PPID_STRING_EMPTY && ppid != DataChannel.PPID_BINARY_EMPTY) {
                ch.bytesSent += data.length;
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            ch.listener().onError(ch, new SctpException("send on '" + ch.label() + "' failed: " + e.getMessage()));
        }
    }

    private void openOnDriver(DataChannel ch, long now) {
        if (!association.isEstablished()) {
            if (association.isEnded()) {
                closeChannel(ch, "association ended");
            } else {
                waitingForConnection.add(ch);
            }
            return;
        }
        register(ch);
        if (!ch.negotiated()) {
            int type = ch.maxRetransmits() >= 0 ? DcepMessage.PARTIAL_RELIABLE_REXMIT
                    : ch.maxPacketLifeTime() >= 0 ? DcepMessage.PARTIAL_RELIABLE_TIMED : DcepMessage.RELIABLE;
            if (!ch.ordered()) {
                type |= DcepMessage.UNORDERED_BIT;
            }
            long param = Math.max(0, Math.max(ch.maxRetransmits(), ch.maxPacketLifeTime()));
            byte[] open = new DcepMessage(type, ch.priority().dcepValue(), param, ch.label(), ch.protocol())
                    .encodeOpen();
            association.send(ch.id(), DataChannel.PPID_DCEP, open, 0, open.length, false, -1, -1, now);
        }
        if (ch.readyState() == DataChannelState.CONNECTING) {
            ch.setState(DataChannelState.OPEN);
            fireOpen(ch);
        }
    }

    private void fireOpen(DataChannel ch) {
        if (ch.hasListener()) {
            ch.listener().onOpen(ch);
        } else {
            ch.openMissed = true;
        }
    }

    /** Driver thread: gives a newly set listener the open event and messages it missed, in order. */
    void replayHeldEvents(DataChannel ch) {
        if (!ch.hasListener()) {
            return;
        }
        if (ch.openMissed) {
            ch.openMissed = false;
            ch.listener().onOpen(ch);
        }
        while (ch.held != null && !ch.held.isEmpty()) {
            ch.listener().onMessage(ch, ch.held.poll());
        }
    }

    private void register(DataChannel ch) {
        association.setStreamPriority(ch.id(), ch.priority().dcepValue());
        if (ch.id() >= byStream.length) {
            byStream = java.util.Arrays.copyOf(byStream, Math.max(ch.id() + 1, byStream.length * 2));
        }
        byStream[ch.id()] = ch;
    }

    void closeOnDriver(DataChannel ch) {
        if (!association.isEstablished()) {
            waitingForConnection.remove(ch);
            closeChannel(ch, null);
            return;
        }
        ch.listener().onClosing(ch);
        if (!association.supportsStreamReset()) {
            // A peer without RE-CONFIG cannot learn of the close; the channel ends here and its id stays taken
            // on the wire (RFC 8831 6.7 needs stream reset to reuse it).
            LOG.debug("SCTP: peer cannot reset streams; channel {} closed locally only", ch.id());
            closeChannel(ch, null);
            return;
        }
        association.resetStreams(ch.id());
    }

    private void closeChannel(DataChannel ch, String error) {
        if (ch.readyState() == DataChannelState.CLOSED) {
            return;
        }
        ch.setState(DataChannelState.CLOSED);
        synchronized (this) {
            channels.remove(ch.id(), ch);
        }
        if (ch.id() < byStream.length && byStream[ch.id()] == ch) {
            byStream[ch.id()] = null;
        }
        if (error != null) {
            ch.listener().onError(ch, new SctpException(error));
        }
        ch.listener().onClose(ch);
    }

    private void bytesSent(int stream, int ppid, int bytes) {
        DataChannel ch = stream < byStream.length ? byStream[stream] : null;
        if (ch != null && ppid != DataChannel.PPID_DCEP) {
            ch.bytesSent(bytes);
        }
    }

    private void dispatchEvents(long now) {
        SctpEvent e;
        while ((e = association.pollEvent()) != null) {
            if (e instanceof SctpEvent.Message m) {
                onMessage(m, now);
            } else if (e instanceof SctpEvent.Connected) {
                connected = true;
                listener.onConnected();
                List<DataChannel> waiting = new ArrayList<>(waitingForConnection);
                waitingForConnection.clear();
                for (DataChannel ch : waiting) {
                    if (ch.readyState() == DataChannelState.CLOSING) {
                        closeChannel(ch, null);
                    } else if (ch.readyState() == DataChannelState.CONNECTING) {
                        openOnDriver(ch, now);
                    }
                }
            } else if (e instanceof SctpEvent.IncomingStreamsReset r) {
                for (int s : r.streams()) {
                    DataChannel ch = channels.get(s);
                    if (ch == null) {
                        continue;
                    }
                    ch.incomingReset = true;
                    if (ch.outgoingReset) {
                        closeChannel(ch, null);
                    } else if (ch.readyState() != DataChannelState.CLOSING) {
                        // The peer closed: reset our direction too (RFC 8831 6.7).
                        ch.setState(DataChannelState.CLOSING);
                        ch.listener().onClosing(ch);
                        association.resetStreams(s);
                    }
                }
            } else if (e instanceof SctpEvent.OutgoingStreamsReset r) {
                for (int s : r.streams()) {
                    DataChannel ch = channels.get(s);
                    if (ch == null) {
                        continue;
                    }
                    ch.outgoingReset = true;
                    if (ch.incomingReset) {
                        closeChannel(ch, null);
                    }
                }
            } else if (e instanceof SctpEvent.Closed c) {
                connected = false;
                closed = true;
                for (DataChannel ch : List.copyOf(channels.values())) {
                    closeChannel(ch, c.error() ? c.reason() : null);
                }
                for (DataChannel ch : waitingForConnection) {
                    closeChannel(ch, c.reason());
                }
                waitingForConnection.clear();
                listener.onClosed(c.reason(), c.error());
            }
        }
    }

    private void onMessage(SctpEvent.Message m, long now) {
        int ppid = m.ppid();
        DataChannel ch = m.stream() < byStream.length ? byStream[m.stream()] : null;
        if (ppid == DataChannel.PPID_DCEP) {
            onDcep(m, ch, now);
            return;
        }
        if (ch == null) {
            LOG.debug("SCTP: message on stream {} without a channel dropped", m.stream());
            return;
        }
        if (ch.readyState() == DataChannelState.CLOSED) {
            return;
        }
        ch.acknowledged = true; // data from the peer implies it has our OPEN (RFC 8832 6)
        boolean binary;
        ByteBuffer data;
        switch (ppid) {
            case DataChannel.PPID_STRING:
                binary = false;
                data = ByteBuffer.wrap(m.data()).asReadOnlyBuffer();
                break;
            case DataChannel.PPID_BINARY:
                binary = true;
                data = ByteBuffer.wrap(m.data()).asReadOnlyBuffer();
                break;
            case DataChannel.PPID_STRING_EMPTY:
                binary = false;
                data = ByteBuffer.allocate(0).asReadOnlyBuffer();
                break;
            case DataChannel.PPID_BINARY_EMPTY:
                binary = true;
                data = ByteBuffer.allocate(0).asReadOnlyBuffer();
                break;
            default:
                LOG.debug("SCTP: message with unknown PPID {} on stream {} dropped", ppid, m.stream());
                return;
        }
        ch.messagesReceived++;
        ch.bytesReceived += data.remaining();
        DataChannelMessage message = new DataChannelMessage(data, binary);
        if (!ch.hasListener() || (ch.held != null && !ch.held.isEmpty())) {
            if (!ch.hold(message)) {
                LOG.warn("SCTP: channel {} has no listener; message dropped", ch.id());
            }
            return;
        }
        ch.listener().onMessage(ch, message);
    }

    private void onDcep(SctpEvent.Message m, DataChannel existing, long now) {
        byte[] d = m.data();
        if (d.length == 0) {
            return;
        }
        if ((d[0] & 0xFF) == DcepMessage.DATA_CHANNEL_ACK) {
            if (existing != null) {
                existing.acknowledged = true;
            }
            return;
        }
        DcepMessage open;
        try {
            open = DcepMessage.parseOpen(d, 0, d.length);
        } catch (SctpParseException e) {
            LOG.debug("SCTP: bad DCEP message on stream {}: {}", m.stream(), e.getMessage());
            return;
        }
        int stream = m.stream();
        boolean peerParity = (stream % 2 == 0) != dtlsClient;
        if (!peerParity) {
            LOG.debug("SCTP: DATA_CHANNEL_OPEN on stream {} has our parity; ignored", stream);
            return;
        }
        DataChannel ch;
        synchronized (this) {
            if (channels.containsKey(stream)) {
                LOG.debug("SCTP: DATA_CHANNEL_OPEN for stream {} already in use; ignored", stream);
                return;
            }
            DataChannelInit init = DataChannelInit.defaults()
                    .withOrdered(!open.unordered())
                    .withProtocol(open.protocol())
                    .withPriority(DataChannelPriority.fromDcep(open.priority()));
            int param = (int) Math.min(65535, open.reliabilityParameter());
            if (open.reliability() == DcepMessage.PARTIAL_RELIABLE_REXMIT) {
                init = init.withMaxRetransmits(param);
            } else if (open.reliability() == DcepMessage.PARTIAL_RELIABLE_TIMED) {
                init = init.withMaxPacketLifeTime(param);
            }
            ch = new DataChannel(this, stream, open.label(), init, true);
            channels.put(stream, ch);
        }
        register(ch);
        byte[] ack = DcepMessage.encodeAck();
        association.send(stream, DataChannel.PPID_DCEP, ack, 0, ack.length, false, -1, -1, now);
        ch.setState(DataChannelState.OPEN);
        listener.onDataChannel(ch);
        fireOpen(ch);
    }
}

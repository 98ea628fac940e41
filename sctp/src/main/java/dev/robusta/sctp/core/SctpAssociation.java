package dev.robusta.sctp.core;

import dev.robusta.sctp.SctpConfig;
import dev.robusta.sctp.wire.AbortChunk;
import dev.robusta.sctp.wire.Bytes;
import dev.robusta.sctp.wire.Chunk;
import dev.robusta.sctp.wire.CookieEchoChunk;
import dev.robusta.sctp.wire.DataChunk;
import dev.robusta.sctp.wire.ErrorCause;
import dev.robusta.sctp.wire.ErrorChunk;
import dev.robusta.sctp.wire.ForwardTsnChunk;
import dev.robusta.sctp.wire.HeartbeatChunk;
import dev.robusta.sctp.wire.IncomingSsnResetRequestParameter;
import dev.robusta.sctp.wire.InitChunk;
import dev.robusta.sctp.wire.OutgoingSsnResetRequestParameter;
import dev.robusta.sctp.wire.ReConfigChunk;
import dev.robusta.sctp.wire.ReconfigParameter;
import dev.robusta.sctp.wire.ReconfigurationResponseParameter;
import dev.robusta.sctp.wire.SackChunk;
import dev.robusta.sctp.wire.SctpPacket;
import dev.robusta.sctp.wire.SctpParseException;
import dev.robusta.sctp.wire.ShutdownChunk;
import dev.robusta.sctp.wire.UnsupportedReconfigRequestParameter;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sans-IO SCTP association for WebRTC (RFC 9260 over DTLS per RFC 8261, with RFC 3758 partial reliability and
 * RFC 6525 stream reset): one association, one path, no addresses.
 *
 * <p>The driver feeds it received packets ({@link #handleInput}) and timer ticks ({@link #handleTimeout}) with
 * the current time in nanoseconds, then drains {@link #pollTransmit} (one packet per call) and
 * {@link #pollEvent}, and calls again at {@link #nextDeadline()}. Nothing here reads a clock, blocks or starts a
 * thread. <b>Not thread-safe:</b> every method must be called by one thread at a time (the connection's event
 * loop); {@code dev.robusta.sctp.SctpTransport} shows the hand-off from other threads.
 *
 * <p>Both WebRTC peers call {@link #connect}: simultaneous INITs resolve through the collision rules of RFC 9260
 * 5.2. Bad input from the network is dropped (and counted), answered with ERROR or ABORT where the RFC says so,
 * and never throws.
 */
public final class SctpAssociation {
    private static final Logger LOG = LoggerFactory.getLogger(SctpAssociation.class);
    static final int COMMON_HEADER = SctpPacket.HEADER_SIZE;
    private static final int MAX_STREAMS = 65535;
    private static final long NEVER = Long.MAX_VALUE;

    /** RFC 9260 4 states (CLOSED is both "not yet" and "ended"; {@link #ended} tells which). */
    public enum State {
        CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
        SHUTDOWN_ACK_SENT
    }

    /** Told when user bytes leave the send buffer (for bufferedAmount); called on the driver's thread. */
    public interface BufferedAmountListener {
        void bufferedAmountDecreased(int stream, int ppid, int bytes);
    }

    private final SctpConfig config;
    private final Random random;
    private final int mtu;
    private final long rtoMin;
    private final long rtoMax;
    private final StateCookie.Signer signer;
    private final StateCookie cookieScratch = new StateCookie();
    private final SctpPacket checksum = new SctpPacket();
    private final SackChunk sack = new SackChunk();
    private final ArrayDeque<SctpEvent> events = new ArrayDeque<>();
    /** Whole packets built while handling input (INIT-ACK, ERROR, ABORT...), sent before anything else. */
    private final ArrayDeque<byte[]> controlPackets = new ArrayDeque<>();
    private final byte[] out;
    private final ByteBuffer outView;
    private BufferedAmountListener bufferedListener = (s, q, n) -> { };
    private final Sender.RttSink rttSink = this::rttSample;

    private State state = State.CLOSED;
    private boolean ended;
    private int localTag;
    private int peerTag;
    private int localInitialTsn;
    private int peerInitialTsn;
    private int outboundStreams = MAX_STREAMS;
    private int inboundStreams = MAX_STREAMS;
    private boolean peerForwardTsn;
    private boolean peerReconfig;
    private byte[] cookieToEcho;
    private Sender sender;
    private Receiver receiver;

    private long srtt;
    private long rttvar;
    private long rto;
    private int errorCount;
    private int initRetransmissions;

    private long t1Deadline = NEVER;
    private long t3Deadline = NEVER;
    private long t2Deadline = NEVER;
    private long sackDeadline = NEVER;
    private long heartbeatDeadline = NEVER;
    private long reconfigDeadline = NEVER;

    private boolean sendInit;
    private boolean sendCookieEcho;
    private boolean sendCookieAck;
    private boolean sendShutdown;
    private boolean sendShutdownAck;
    private boolean sackNow;
    private int dataPacketsSinceSack;
    private boolean heartbeatOutstanding;
    private long heartbeatNonce;
    private boolean sendHeartbeat;
    private final ArrayDeque<byte[]> heartbeatAcks = new ArrayDeque<>();

    // RFC 6525.
    private int nextRequestSeq;
    private int peerNextRequestSeq;
    private final TreeSet<Integer> resetWanted = new TreeSet<>();
    private OutgoingSsnResetRequestParameter outstandingReset;
    private boolean sendReset;
    private final ArrayDeque<ReconfigurationResponseParameter> reconfigResponses = new ArrayDeque<>();
    private int lastResponseResult = ReconfigurationResponseParameter.SUCCESS_NOTHING_TO_DO;
    private OutgoingSsnResetRequestParameter deferredIncomingReset;

    // Counters.
    private long packetsReceived;
    private long packetsDropped;
    private long badChecksums;
    private long badCookies;
    private long internalErrors;
    private long messagesReceived;

    public SctpAssociation(SctpConfig config, Random random) {
        this.config = config;
        this.random = random;
        this.mtu = config.mtu() & ~3; // chunks are padded to 4 bytes: a packet never ends mid-word
        this.rtoMin = TimeUnit.MILLISECONDS.toNanos(config.rtoMinMillis());
        this.rtoMax = TimeUnit.MILLISECONDS.toNanos(config.rtoMaxMillis());
        this.rto = TimeUnit.MILLISECONDS.toNanos(config.rtoInitialMillis());
        this.signer = new StateCookie.Signer(random);
        this.out = new byte[mtu];
        this.outView = ByteBuffer.wrap(out);
        this.localTag = nonZero();
        this.localInitialTsn = random.nextInt();
        this.nextRequestSeq = localInitialTsn;
    }

    public void setBufferedAmountListener(BufferedAmountListener listener) {
        this.bufferedListener = listener == null ? (s, q, n) -> { } : listener;
    }

    private int nonZero() {
        int v;
        do {
            v = random.nextInt();
        } while (v == 0);
        return v;
    }

    // ------------------------------------------------------------------ public API

    public State state() {
        return state;
    }

    /** Whether the association has ended (it never comes back). */
    public boolean isEnded() {
        return ended;
    }

    public boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    /** Sends INIT (RFC 9260 5.1 A). Calling it on both sides at once is fine (5.2.1 collision). */
    public void connect(long now) {
        if (state != State.CLOSED || ended) {
            throw new IllegalStateException("connect() in state " + state + (ended ? " (ended)" : ""));
        }
        state = State.COOKIE_WAIT;
        sendInit = true;
        initRetransmissions = 0;
        t1Deadline = now + rto;
    }

    /**
     * Queues a message. The association takes ownership of {@code data} (no copy): the caller must not change
     * the range afterwards.
     *
     * @param maxRetransmits retransmissions allowed per chunk, or -1 for reliable
     * @param lifetimeMillis how long the message may be (re)transmitted, or -1 for unlimited
     * @throws IllegalStateException when the association cannot send (not established, shutting down, the
     *     stream is being reset) or the stream id is out of range
     * @throws IllegalArgumentException when the message exceeds the peer's maximum message size or is empty
     */
    public void send(int stream, int ppid, byte[] data, int offset, int length, boolean unordered,
                     int maxRetransmits, long lifetimeMillis, long now) {
        if (state != State.ESTABLISHED) {
            throw new IllegalStateException("cannot send in state " + state);
        }
        if (stream < 0 || stream >= outboundStreams) {
            throw new IllegalStateException("stream " + stream + " is outside the " + outboundStreams
                    + " negotiated outbound streams");
        }
        if (length <= 0) {
            throw new IllegalArgumentException("SCTP cannot carry an empty message");
        }
        if (length > config.remoteMaxMessageSize()) {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds the peer's maximum of "
                    + config.remoteMaxMessageSize());
        }
        OutboundStream s = sender.stream(stream);
        if (s.resetRequested) {
            throw new IllegalStateException("stream " + stream + " is being reset");
        }
        boolean partial = peerForwardTsn;
        long expires = partial && lifetimeMillis >= 0 ? now + TimeUnit.MILLISECONDS.toNanos(lifetimeMillis) : NEVER;
        sender.enqueue(new OutgoingMessage(stream, ppid, data, offset, length, unordered,
                partial ? maxRetransmits : -1, expires));
    }

    /** Whether the peer listed RE-CONFIG (RFC 6525): without it, streams cannot be reset (nor ids reused). */
    public boolean supportsStreamReset() {
        return peerReconfig;
    }

    /** Whether the peer supports FORWARD-TSN (RFC 3758): without it, every message is sent reliably. */
    public boolean supportsPartialReliability() {
        return peerForwardTsn;
    }

    /**
     * Sets how {@code stream} shares the wire with others under contention (weighted fair queueing by message
     * size): a stream of priority 1024 gets eight times the bytes of one of priority 128.
     */
    public void setStreamPriority(int stream, int priority) {
        if (sender != null && stream >= 0 && stream < outboundStreams) {
            sender.setPriority(stream, priority);
        }
    }

    /** User bytes of {@code stream} queued and not yet sent once. */
    public long bufferedAmount(int stream) {
        return sender == null ? 0 : sender.bufferedAmount(stream);
    }

    /**
     * Resets our outgoing streams (RFC 6525 Outgoing SSN Reset Request) once every message queued on them has
     * been sent; {@link SctpEvent.OutgoingStreamsReset} reports completion. New sends on them are refused until
     * then.
     */
    public void resetStreams(int... streams) {
        if (state != State.ESTABLISHED) {
            return;
        }
        for (int id : streams) {
            if (id >= 0 && id < outboundStreams) {
                sender.stream(id).resetRequested = true;
                resetWanted.add(id);
            }
        }
    }

    /** Starts a graceful shutdown (RFC 9260 9.2): queued data is still delivered. */
    public void shutdown(long now) {
        if (state == State.ESTABLISHED) {
            state = State.SHUTDOWN_PENDING;
            maybeProgressShutdown(now);
        } else if (state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) {
            abort("shutdown before establishment");
        }
    }

    /** Ends the association at once with an ABORT carrying a User-Initiated Abort cause. */
    public void abort(String reason) {
        if (ended) {
            return;
        }
        if (state != State.CLOSED && state != State.COOKIE_WAIT) {
            List<ErrorCause> causes = List.of(ErrorCause.of(ErrorCause.USER_INITIATED_ABORT, reason));
            byte[] p = new byte[COMMON_HEADER + AbortChunk.size(causes)];
            int n = SctpPacket.writeHeader(p, 0, config.localPort(), config.remotePort(), peerTag);
            n += AbortChunk.write(p, n, false, causes);
            controlPackets.add(seal(p, n));
        }
        terminate("aborted locally: " + reason, true);
    }

    public SctpEvent pollEvent() {
        return events.poll();
    }

    /** The earliest time {@link #handleTimeout} has work, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        long d = Math.min(t1Deadline, t3Deadline);
        d = Math.min(d, Math.min(t2Deadline, sackDeadline));
        return Math.min(d, Math.min(heartbeatDeadline, reconfigDeadline));
    }

    // Counters for tests, stats and benchmarks.
    public long packetsReceived() {
        return packetsReceived;
    }

    public long packetsDropped() {
        return packetsDropped;
    }

    public long badChecksums() {
        return badChecksums;
    }

    public long badCookies() {
        return badCookies;
    }

    /** Unexpected exceptions caught while handling input (a bug if ever non-zero). */
    public long internalErrors() {
        return internalErrors;
    }

    public long messagesReceived() {
        return messagesReceived;
    }

    /** DATA chunks received that had already arrived (the peer retransmitted what we had). */
    public long duplicateChunksReceived() {
        return receiver == null ? 0 : receiver.duplicates;
    }

    public long retransmittedChunks() {
        return sender == null ? 0 : sender.retransmittedChunks;
    }

    public long abandonedMessages() {
        return sender == null ? 0 : sender.abandonedMessages;
    }

    public long cwnd() {
        return sender == null ? 0 : sender.cwnd();
    }

    public long rtoNanos() {
        return rto;
    }

    int localTag() {
        return localTag;
    }

    int peerTag() {
        return peerTag;
    }

    int peerCumulativeTsn() {
        return receiver == null ? 0 : receiver.cumulativeTsn();
    }

    int ourCumulativeAck() {
        return sender == null ? 0 : sender.cumAck();
    }

    int ourNextTsn() {
        return sender == null ? 0 : sender.nextTsn();
    }

    int peerNextRequestSeq() {
        return peerNextRequestSeq;
    }

    /** A one-line summary of the transmission state, for logs and test failures. */
    public String debugState() {
        return "state=" + state + " rto=" + rto / 1_000_000 + "ms errors=" + errorCount
                + (sender == null ? "" : " " + sender.debugState())
                + (receiver == null ? "" : " peerCum=" + receiver.cumulativeTsn() + " held=" + receiver.bytesHeld())
                + " t3=" + (t3Deadline == NEVER ? "-" : "set") + " resetWanted=" + resetWanted
                + " outstandingReset=" + (outstandingReset != null);
    }

    /** Checks the internal bookkeeping; null when consistent. For tests. */
    public String checkInvariants() {
        if (sender != null) {
            String s = sender.checkInvariants();
            if (s != null) {
                return s;
            }
        }
        return receiver == null ? null : receiver.checkInvariants();
    }

    // ------------------------------------------------------------------ input

    public void handleInput(ByteBuffer packet, long now) {
        if (packet.hasArray()) {
            handleInput(packet.array(), packet.arrayOffset() + packet.position(), packet.remaining(), now);
        } else {
            byte[] copy = new byte[packet.remaining()];
            packet.duplicate().get(copy);
            handleInput(copy, 0, copy.length, now);
        }
    }

    /** Handles one received SCTP packet; the bytes are only read during the call. */
    public void handleInput(byte[] b, int off, int len, long now) {
        packetsReceived++;
        try {
            if (ended || !process(b, off, len, now)) {
                packetsDropped++;
            }
        } catch (RuntimeException e) {
            internalErrors++;
            packetsDropped++;
            LOG.warn("SCTP: packet of {} bytes could not be handled", len, e);
        }
    }

    private boolean process(byte[] b, int off, int len, long now) {
        if (len < COMMON_HEADER + Chunk.HEADER_SIZE) {
            return false;
        }
        if (!checksum.verify(b, off, len)) {
            badChecksums++;
            return false;
        }
        // Validate every chunk's length first: a malformed packet is dropped whole.
        int end = off + len;
        int p = off + COMMON_HEADER;
        int chunks = 0;
        boolean hasInit = false;
        boolean hasAbort = false;
        boolean hasShutdownComplete = false;
        int firstType = Chunk.type(b, p);
        while (p < end) {
            if (end - p < Chunk.HEADER_SIZE) {
                return false;
            }
            int clen = Chunk.length(b, p);
            if (clen < Chunk.HEADER_SIZE || clen > end - p) {
                return false;
            }
            int type = Chunk.type(b, p);
            hasInit |= type == Chunk.INIT;
            hasAbort |= type == Chunk.ABORT;
            hasShutdownComplete |= type == Chunk.SHUTDOWN_COMPLETE;
            chunks++;
            p += Bytes.padded(clen);
        }
        int vtag = SctpPacket.verificationTag(b, off);
        // RFC 9260 8.5 / 8.5.1: which packets the verification tag admits.
        if (hasInit) {
            if (firstType != Chunk.INIT || chunks != 1 || vtag != 0) {
                return false; // an INIT must be alone, with tag 0 (8.5.1 A)
            }
        } else if (firstType == Chunk.COOKIE_ECHO) {
            // The tag is checked against the cookie's (5.2.4).
        } else if (hasAbort || hasShutdownComplete) {
            int t = firstType == Chunk.ABORT || firstType == Chunk.SHUTDOWN_COMPLETE
                    ? Chunk.flags(b, off + COMMON_HEADER) & AbortChunk.FLAG_T : 0;
            boolean ok = (t == 0 && vtag == localTag && state != State.CLOSED)
                    || (t != 0 && vtag == peerTag && peerTag != 0);
            if (!ok) {
                return false;
            }
        } else if (state == State.CLOSED || vtag != localTag) {
            return false; // out of the blue or a foreign tag: silently discarded (8.4, 8.5)
        }
        boolean hadData = false;
        boolean immediate = false;
        p = off + COMMON_HEADER;
        while (p < end && !ended) {
            int type = Chunk.type(b, p);
            int clen = Chunk.length(b, p);
            switch (type) {
                case Chunk.DATA:
                    if (!onData(b, p, clen)) {
                        return true;
                    }
                    hadData = true;
                    immediate |= (Chunk.flags(b, p) & DataChunk.FLAG_IMMEDIATE) != 0;
                    break;
                case Chunk.INIT:
                    onInit(b, p, clen, now);
                    break;
                case Chunk.INIT_ACK:
                    onInitAck(b, p, clen, now);
                    break;
                case Chunk.SACK:
                    onSack(b, p, clen, now);
                    break;
                case Chunk.HEARTBEAT:
                    onHeartbeat(b, p, clen);
                    break;
                case Chunk.HEARTBEAT_ACK:
                    onHeartbeatAck(b, p, clen, now);
                    break;
                case Chunk.ABORT:
                    onAbort(b, p, clen);
                    return true;
                case Chunk.SHUTDOWN:
                    onShutdown(b, p, clen, now);
                    break;
                case Chunk.SHUTDOWN_ACK:
                    onShutdownAck(now);
                    break;
                case Chunk.ERROR:
                    onError(b, p, clen, now);
                    break;
                case Chunk.COOKIE_ECHO:
                    if (!onCookieEcho(b, p, clen, vtag, now)) {
                        return false; // nothing after a rejected cookie is processed (5.1 D)
                    }
                    break;
                case Chunk.COOKIE_ACK:
                    onCookieAck(now);
                    break;
                case Chunk.SHUTDOWN_COMPLETE:
                    if (state == State.SHUTDOWN_ACK_SENT) {
                        terminate("shutdown complete", false);
                    }
                    return true;
                case Chunk.FORWARD_TSN:
                    onForwardTsn(b, p, clen);
                    hadData = true;
                    immediate = true;
                    break;
                case Chunk.RE_CONFIG:
                    onReconfig(b, p, clen, now);
                    break;
                case Chunk.PAD:
                    break;
                default:
                    // RFC 9260 3.2: the two high bits of an unrecognized type say what to do.
                    if (Chunk.reportUnrecognized(type)) {
                        reportError(ErrorCause.UNRECOGNIZED_CHUNK_TYPE, b, p, clen);
                    }
                    if (!Chunk.skipUnrecognized(type)) {
                        afterData(hadData, immediate, now);
                        return true;
                    }
                    break;
            }
            p += Bytes.padded(clen);
        }
        afterData(hadData, immediate, now);
        return true;
    }

    private void afterData(boolean hadData, boolean immediate, long now) {
        if (!hadData || receiver == null) {
            return;
        }
        dataPacketsSinceSack++;
        if (immediate || receiver.hasGaps() || receiver.hasDuplicates() || dataPacketsSinceSack >= 2
                || config.delayedAckMillis() == 0) {
            sackNow = true;
        } else if (sackDeadline == NEVER) {
            sackDeadline = now + TimeUnit.MILLISECONDS.toNanos(config.delayedAckMillis());
        }
        if (deferredIncomingReset != null) {
            tryDeferredReset();
        }
    }

    private void reportError(int cause, byte[] b, int off, int len) {
        if (peerTag == 0) {
            return;
        }
        List<ErrorCause> causes = List.of(new ErrorCause(cause, Arrays.copyOfRange(b, off, off + len)));
        int size = COMMON_HEADER + ErrorChunk.size(causes);
        if (size > mtu || controlPackets.size() > 16) {
            return;
        }
        byte[] pk = new byte[size + 4];
        int n = SctpPacket.writeHeader(pk, 0, config.localPort(), config.remotePort(), peerTag);
        n += ErrorChunk.write(pk, n, causes);
        controlPackets.add(seal(pk, n));
    }

    private byte[] seal(byte[] p, int n) {
        byte[] packet = n == p.length ? p : Arrays.copyOf(p, n);
        checksum.seal(packet, 0, packet.length);
        return packet;
    }

    // ---- DATA, SACK, FORWARD-TSN

    /** Returns false when the packet's processing must stop (the association was aborted). */
    private boolean onData(byte[] b, int p, int clen) {
        if (receiver == null || state == State.CLOSED || state == State.COOKIE_WAIT) {
            return true;
        }
        if (clen <= DataChunk.HEADER_SIZE) {
            // RFC 9260 6.2: a DATA chunk without user data aborts the association.
            protocolAbort(ErrorCause.NO_USER_DATA, Arrays.copyOfRange(b, p + 4, p + Math.min(clen, 8)),
                    "DATA chunk without user data");
            return false;
        }
        int stream = DataChunk.streamId(b, p);
        if (stream >= inboundStreams) {
            // RFC 9260 6.5: report, and acknowledge the TSN without delivering it.
            byte[] info = new byte[4];
            Bytes.put16(info, 0, stream);
            reportErrorCause(new ErrorCause(ErrorCause.INVALID_STREAM_IDENTIFIER, info));
        }
        int r = receiver.onData(b, p, clen);
        if (r == Receiver.TOO_BIG) {
            protocolAbort(ErrorCause.PROTOCOL_VIOLATION, null, "message larger than " + config.maxMessageSize());
            return false;
        }
        return true;
    }

    private void reportErrorCause(ErrorCause c) {
        if (peerTag == 0 || controlPackets.size() > 16) {
            return;
        }
        List<ErrorCause> causes = List.of(c);
        byte[] pk = new byte[COMMON_HEADER + ErrorChunk.size(causes) + 4];
        int n = SctpPacket.writeHeader(pk, 0, config.localPort(), config.remotePort(), peerTag);
        n += ErrorChunk.write(pk, n, causes);
        controlPackets.add(seal(pk, n));
    }

    private void protocolAbort(int cause, byte[] info, String reason) {
        List<ErrorCause> causes = List.of(info != null ? new ErrorCause(cause, info)
                : ErrorCause.of(cause, reason));
        byte[] pk = new byte[COMMON_HEADER + AbortChunk.size(causes) + 4];
        int n = SctpPacket.writeHeader(pk, 0, config.localPort(), config.remotePort(), peerTag);
        n += AbortChunk.write(pk, n, false, causes);
        controlPackets.add(seal(pk, n));
        terminate(reason, true);
    }

    private void onSack(byte[] b, int p, int clen, long now) {
        if (sender == null || state == State.CLOSED || state == State.COOKIE_WAIT) {
            return;
        }
        try {
            sack.parse(b, p, clen);
        } catch (SctpParseException e) {
            LOG.debug("SCTP: bad SACK dropped: {}", e.getMessage());
            return;
        }
        applySack(now);
    }

    private void applySack(long now) {
        int r = sender.onSack(sack, now, rttSink);
        if (r == Sender.SACK_CUM_ADVANCED) {
            errorCount = 0;
            t3Deadline = sender.needsT3() ? now + rto : NEVER;
        } else if (!sender.needsT3()) {
            t3Deadline = NEVER;
        }
        if (state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_RECEIVED) {
            maybeProgressShutdown(now);
        }
    }

    private void rttSample(long r) {
        if (r < 0) {
            return;
        }
        if (srtt == 0) {
            srtt = Math.max(1, r);
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        rto = Math.max(rtoMin, Math.min(rtoMax, srtt + Math.max(4 * rttvar, 1_000_000)));
    }

    private int[] fwdStreams = new int[8];
    private int[] fwdSsns = new int[8];

    private void onForwardTsn(byte[] b, int p, int clen) {
        if (receiver == null) {
            return;
        }
        int n;
        try {
            n = ForwardTsnChunk.entries(b, p, clen);
        } catch (SctpParseException e) {
            return;
        }
        if (n > fwdStreams.length) {
            fwdStreams = new int[n];
            fwdSsns = new int[n];
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            int s = ForwardTsnChunk.stream(b, p, i);
            if (s < inboundStreams) {
                fwdStreams[k] = s;
                fwdSsns[k] = ForwardTsnChunk.ssn(b, p, i);
                k++;
            }
        }
        receiver.onForwardTsn(ForwardTsnChunk.newCumulativeTsn(b, p), fwdStreams, fwdSsns, k);
    }

    // ---- association setup

    private void onInit(byte[] b, int p, int clen, long now) {
        InitChunk init;
        try {
            init = InitChunk.parse(b, p, clen);
        } catch (SctpParseException e) {
            LOG.debug("SCTP: bad INIT dropped: {}", e.getMessage());
            return;
        }
        if (init.initiateTag() == 0 || init.outboundStreams() == 0 || init.inboundStreams() == 0) {
            return; // invalid mandatory parameter; nothing trustworthy to answer to
        }
        if (state == State.SHUTDOWN_ACK_SENT) {
            return;
        }
        StateCookie c = new StateCookie();
        int tag;
        int tsn;
        switch (state) {
            case CLOSED:
                // 5.1 B lets the tag be any fresh one. We answer with the tag and TSN our own INIT carries (or
                // will carry: a WebRTC endpoint always connects too), so that both handshakes of a collision
                // describe one association: a peer that follows the newest INIT it saw (Pion) or ignores our
                // INIT (aiortc's client) ends where an RFC peer does, and the cookie of this answer meets case B
                // or D of 5.2.4 when it comes back after we connected.
            case COOKIE_WAIT:
                // 5.2.1: answer with the parameters of our own INIT, tag unchanged, no tie-tags.
                tag = localTag;
                tsn = localInitialTsn;
                break;
            case COOKIE_ECHOED:
                // 5.2.1: the same parameters, and the current tags as tie-tags.
                tag = localTag;
                tsn = localInitialTsn;
                c.localTieTag = localTag;
                c.peerTieTag = peerTag;
                break;
            default:
                // 5.2.2: an unexpected INIT in an established association (a restart, or an attack):
                // a new tag, with the current tags as tie-tags.
                tag = nonZero();
                tsn = random.nextInt();
                c.localTieTag = localTag;
                c.peerTieTag = peerTag;
                break;
        }
        c.expiresAtNanos = now + TimeUnit.MILLISECONDS.toNanos(config.cookieLifetimeMillis());
        c.localTag = tag;
        c.peerTag = init.initiateTag();
        c.localInitialTsn = tsn;
        c.peerInitialTsn = init.initialTsn();
        c.peerRwnd = init.aRwnd();
        c.outboundStreams = Math.min(MAX_STREAMS, init.inboundStreams());
        c.inboundStreams = Math.min(MAX_STREAMS, init.outboundStreams());
        c.peerFlags = (init.forwardTsn() ? StateCookie.FLAG_FORWARD_TSN : 0)
                | (init.reconfig() ? StateCookie.FLAG_RECONFIG : 0);
        byte[] cookie = signer.sign(c);
        List<byte[]> unrecognized = init.unrecognized();
        int size = COMMON_HEADER + InitChunk.size(cookie, unrecognized);
        if (size > 4 * mtu) {
            unrecognized = List.of();
            size = COMMON_HEADER + InitChunk.size(cookie, unrecognized);
        }
        byte[] pk = new byte[size];
        int n = SctpPacket.writeHeader(pk, 0, config.localPort(), config.remotePort(), init.initiateTag());
        n += InitChunk.write(pk, n, Chunk.INIT_ACK, tag, config.initialAdvertisedWindow(), MAX_STREAMS,
                MAX_STREAMS, tsn, cookie, unrecognized);
        if (controlPackets.size() < 16) {
            controlPackets.add(seal(pk, n));
        }
    }

    private void onInitAck(byte[] b, int p, int clen, long now) {
        if (state != State.COOKIE_WAIT) {
            return; // 5.2.3: an INIT ACK in any other state is discarded
        }
        InitChunk ack;
        try {
            ack = InitChunk.parse(b, p, clen);
        } catch (SctpParseException e) {
            return;
        }
        if (ack.initiateTag() == 0 || ack.stateCookie() == null || ack.outboundStreams() == 0
                || ack.inboundStreams() == 0) {
            return;
        }
        peerTag = ack.initiateTag();
        peerInitialTsn = ack.initialTsn();
        outboundStreams = Math.min(MAX_STREAMS, ack.inboundStreams());
        inboundStreams = Math.min(MAX_STREAMS, ack.outboundStreams());
        peerForwardTsn = ack.forwardTsn();
        peerReconfig = ack.reconfig();
        startQueues(ack.aRwnd());
        cookieToEcho = ack.stateCookie();
        state = State.COOKIE_ECHOED;
        sendCookieEcho = true;
        initRetransmissions = 0;
        t1Deadline = now + rto;
    }

    private void startQueues(long peerRwnd) {
        receiver = new Receiver(this::deliver, config.effectiveReceiveBuffer(), config.maxAdvertisedWindow(),
                config.maxMessageSize(), mtu - COMMON_HEADER - DataChunk.HEADER_SIZE);
        receiver.start(peerInitialTsn);
        sender = new Sender((s, q, n) -> bufferedListener.bufferedAmountDecreased(s, q, n), mtu);
        long initialCwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4404));
        sender.start(localInitialTsn, peerRwnd, initialCwnd);
        peerNextRequestSeq = peerInitialTsn;
        nextRequestSeq = localInitialTsn;
    }

    private void deliver(int stream, int ppid, byte[] data, boolean unordered) {
        if (stream >= inboundStreams) {
            return;
        }
        messagesReceived++;
        events.add(new SctpEvent.Message(stream, ppid, data, unordered));
    }

    /**
     * RFC 9260 5.1 D and 5.2.4: a COOKIE ECHO. Without an association (CLOSED) an authentic, fresh cookie creates
     * it. Otherwise the cookie's tags are compared with the association's (Table 6): A (peer restart), B (an INIT
     * collision: the peer's tag changed), C (a late cookie), D (our own handshake completing); a cookie that fits
     * none of them is silently discarded.
     */
    private boolean onCookieEcho(byte[] b, int p, int clen, int vtag, long now) {
        StateCookie c = cookieScratch;
        if (!signer.verify(b, p + Chunk.HEADER_SIZE, clen - Chunk.HEADER_SIZE, c)) {
            badCookies++;
            return false;
        }
        if (vtag != c.localTag) {
            return false; // 8.5.1 D: the packet's tag must be the one the cookie gives us
        }
        if (state == State.CLOSED) {
            if (c.expiresAtNanos - now < 0) {
                sendStaleCookieError(c, now);
                return false;
            }
            localTag = c.localTag;
            establishFromCookie(c, now);
            return true;
        }
        boolean localMatch = c.localTag == localTag;
        boolean peerMatch = c.peerTag == peerTag;
        if (localMatch) {
            if (peerMatch) {
                // Case D: our handshake, or a retransmitted cookie of it. Never stale: rejecting it could
                // strand a peer whose COOKIE ACKs were lost.
                if (state == State.COOKIE_ECHOED) {
                    establish(now);
                }
                sendCookieAck = true;
                return true;
            }
            // Case B: both sides started at about the same time; the cookie has the peer's real parameters.
            if (state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) {
                establishFromCookie(c, now);
            } else {
                peerTag = c.peerTag; // stay ESTABLISHED (or shutting down), following the peer's new tag
                sendCookieAck = true;
            }
            return true;
        }
        if (!peerMatch && c.localTieTag == localTag && c.peerTieTag == peerTag && peerTag != 0) {
            // Case A: the peer restarted. WebRTC stacks never do, and its channels are gone with the old
            // association: treated as the end of this one.
            if (c.expiresAtNanos - now < 0) {
                sendStaleCookieError(c, now);
                return false;
            }
            terminate("peer restarted the association", true);
            return false;
        }
        // Case C (a late cookie: the peer's tag matches, ours does not, no tie-tags), or a cookie that fits no
        // case at all, such as one issued for a handshake this association never took part in.
        return false;
    }

    private void sendStaleCookieError(StateCookie c, long now) {
        // 5.1.5: a stale cookie is answered with ERROR (Stale Cookie), the staleness in microseconds.
        byte[] info = new byte[4];
        Bytes.put32(info, 0, (int) Math.min(0xFFFF_FFFFL, (now - c.expiresAtNanos) / 1000));
        List<ErrorCause> causes = List.of(new ErrorCause(ErrorCause.STALE_COOKIE, info));
        byte[] pk = new byte[COMMON_HEADER + ErrorChunk.size(causes) + 4];
        int n = SctpPacket.writeHeader(pk, 0, config.localPort(), config.remotePort(), c.peerTag);
        n += ErrorChunk.write(pk, n, causes);
        if (controlPackets.size() < 16) {
            controlPackets.add(seal(pk, n));
        }
    }

    private void establishFromCookie(StateCookie c, long now) {
        peerTag = c.peerTag;
        localInitialTsn = c.localInitialTsn;
        peerInitialTsn = c.peerInitialTsn;
        outboundStreams = c.outboundStreams;
        inboundStreams = c.inboundStreams;
        peerForwardTsn = (c.peerFlags & StateCookie.FLAG_FORWARD_TSN) != 0;
        peerReconfig = (c.peerFlags & StateCookie.FLAG_RECONFIG) != 0;
        startQueues(c.peerRwnd);
        sendCookieAck = true;
        establish(now);
    }

    private void onCookieAck(long now) {
        if (state == State.COOKIE_ECHOED) {
            establish(now);
        }
    }

    private void establish(long now) {
        state = State.ESTABLISHED;
        sendInit = false;
        sendCookieEcho = false;
        cookieToEcho = null;
        t1Deadline = NEVER;
        errorCount = 0;
        if (config.heartbeatIntervalMillis() > 0) {
            heartbeatDeadline = now + TimeUnit.MILLISECONDS.toNanos(config.heartbeatIntervalMillis());
        }
        events.add(new SctpEvent.Connected());
    }

    // ---- HEARTBEAT, ERROR, ABORT, SHUTDOWN

    private void onHeartbeat(byte[] b, int p, int clen) {
        if (state == State.CLOSED || state == State.COOKIE_WAIT) {
            return;
        }
        try {
            byte[] info = HeartbeatChunk.info(b, p, clen);
            if (heartbeatAcks.size() < 4 && info.length + 8 <= mtu - COMMON_HEADER) {
                heartbeatAcks.add(info);
            }
        } catch (SctpParseException e) {
            LOG.debug("SCTP: bad HEARTBEAT: {}", e.getMessage());
        }
    }

    private void onHeartbeatAck(byte[] b, int p, int clen, long now) {
        byte[] info;
        try {
            info = HeartbeatChunk.info(b, p, clen);
        } catch (SctpParseException e) {
            return;
        }
        if (!heartbeatOutstanding || info.length != 20 || Bytes.i64(info, 4) != heartbeatNonce) {
            return;
        }
        heartbeatOutstanding = false;
        errorCount = 0;
        rttSample(now - Bytes.i64(info, 12));
    }

    private void onError(byte[] b, int p, int clen, long now) {
        List<ErrorCause> causes;
        try {
            causes = ErrorCause.parseAll(b, p, clen);
        } catch (SctpParseException e) {
            return;
        }
        for (ErrorCause c : causes) {
            if (c.code() == ErrorCause.STALE_COOKIE && state == State.COOKIE_ECHOED) {
                // 5.2.6: start again with a new INIT.
                state = State.COOKIE_WAIT;
                sendCookieEcho = false;
                sendInit = true;
                t1Deadline = now + rto;
            }
        }
        LOG.debug("SCTP: peer reported {}", causes);
    }

    private void onAbort(byte[] b, int p, int clen) {
        if (state == State.CLOSED) {
            return;
        }
        String reason;
        try {
            reason = "aborted by peer: " + ErrorCause.parseAll(b, p, clen);
        } catch (SctpParseException e) {
            reason = "aborted by peer";
        }
        terminate(reason, true);
    }

    private void onShutdown(byte[] b, int p, int clen, long now) {
        int cum;
        try {
            cum = ShutdownChunk.cumulativeTsnAck(b, p, clen);
        } catch (SctpParseException e) {
            return;
        }
        switch (state) {
            case ESTABLISHED:
            case SHUTDOWN_PENDING:
            case SHUTDOWN_RECEIVED:
                state = State.SHUTDOWN_RECEIVED;
                sack.setCumulativeOnly(cum, sender.peerRwnd() + sender.flightSize());
                applySack(now);
                maybeProgressShutdown(now);
                break;
            case SHUTDOWN_SENT:
                // 9.2: both sides shut down at once.
                state = State.SHUTDOWN_ACK_SENT;
                sendShutdownAck = true;
                t2Deadline = now + rto;
                break;
            default:
                break;
        }
    }

    private void onShutdownAck(long now) {
        if (state == State.SHUTDOWN_SENT || state == State.SHUTDOWN_ACK_SENT) {
            byte[] pk = new byte[COMMON_HEADER + 4];
            int n = SctpPacket.writeHeader(pk, 0, config.localPort(), config.remotePort(), peerTag);
            Chunk.writeHeader(pk, n, Chunk.SHUTDOWN_COMPLETE, 0, 4);
            controlPackets.add(seal(pk, n + 4));
            terminate("shutdown complete", false);
        }
    }

    private void maybeProgressShutdown(long now) {
        if (sender.hasOutstanding() || sender.totalBuffered() > 0) {
            return;
        }
        if (state == State.SHUTDOWN_PENDING) {
            state = State.SHUTDOWN_SENT;
            sendShutdown = true;
            t2Deadline = now + rto;
        } else if (state == State.SHUTDOWN_RECEIVED) {
            state = State.SHUTDOWN_ACK_SENT;
            sendShutdownAck = true;
            t2Deadline = now + rto;
        }
    }

    private void terminate(String reason, boolean error) {
        if (ended) {
            return;
        }
        ended = true;
        state = State.CLOSED;
        t1Deadline = t2Deadline = t3Deadline = sackDeadline = heartbeatDeadline = reconfigDeadline = NEVER;
        sendInit = sendCookieEcho = sendCookieAck = sendShutdown = sendShutdownAck = false;
        if (error) {
            LOG.debug("SCTP association ended: {}", reason);
        }
        events.add(new SctpEvent.Closed(reason, error));
    }

    // ---- RE-CONFIG (RFC 6525)

    private void onReconfig(byte[] b, int p, int clen, long now) {
        if (state != State.ESTABLISHED && state != State.SHUTDOWN_PENDING) {
            return;
        }
        List<ReconfigParameter> params;
        try {
            params = ReConfigChunk.parse(b, p, clen);
        } catch (SctpParseException e) {
            return;
        }
        for (ReconfigParameter param : params) {
            if (param instanceof OutgoingSsnResetRequestParameter r) {
                onPeerOutgoingReset(r);
            } else if (param instanceof IncomingSsnResetRequestParameter r) {
                int result = requestSeqCheck(r.requestSeq());
                if (result < 0) {
                    for (int s : r.streams()) {
                        if (s < outboundStreams) {
                            sender.stream(s).resetRequested = true;
                            resetWanted.add(s);
                        }
                    }
                    result = ReconfigurationResponseParameter.SUCCESS_NOTHING_TO_DO;
                    completeRequest(result);
                }
                respond(r.requestSeq(), result);
            } else if (param instanceof UnsupportedReconfigRequestParameter r) {
                int result = requestSeqCheck(r.requestSeq());
                if (result < 0) {
                    result = ReconfigurationResponseParameter.DENIED;
                    completeRequest(result);
                }
                respond(r.requestSeq(), result);
            } else if (param instanceof ReconfigurationResponseParameter r) {
                onReconfigResponse(r, now);
            }
        }
    }

    /** -1 when {@code seq} is the next request to perform; else the result to answer with (RFC 6525 5.2.1). */
    private int requestSeqCheck(int seq) {
        if (seq == peerNextRequestSeq) {
            return -1;
        }
        if (seq == peerNextRequestSeq - 1) {
            return lastResponseResult; // a retransmitted request: same answer
        }
        return ReconfigurationResponseParameter.ERROR_BAD_SEQUENCE_NUMBER;
    }

    private void completeRequest(int result) {
        lastResponseResult = result;
        peerNextRequestSeq++;
    }

    private void respond(int seq, int result) {
        if (reconfigResponses.size() < 8) {
            reconfigResponses.add(new ReconfigurationResponseParameter(seq, result));
        }
    }

    private void onPeerOutgoingReset(OutgoingSsnResetRequestParameter r) {
        if (deferredIncomingReset != null && r.requestSeq() == deferredIncomingReset.requestSeq()) {
            tryDeferredReset();
            if (deferredIncomingReset != null) {
                respond(r.requestSeq(), ReconfigurationResponseParameter.IN_PROGRESS);
            }
            return;
        }
        int result = requestSeqCheck(r.requestSeq());
        if (result >= 0) {
            respond(r.requestSeq(), result);
            return;
        }
        if (deferredIncomingReset != null) {
            respond(r.requestSeq(), ReconfigurationResponseParameter.ERROR_REQUEST_ALREADY_IN_PROGRESS);
            return;
        }
        deferredIncomingReset = r;
        tryDeferredReset();
        if (deferredIncomingReset != null) {
            // 5.2.2: data up to the sender's last TSN is still missing; performed once it arrives.
            respond(r.requestSeq(), ReconfigurationResponseParameter.IN_PROGRESS);
        }
    }

    private void tryDeferredReset() {
        OutgoingSsnResetRequestParameter r = deferredIncomingReset;
        if (r == null || !receiver.receivedThrough(r.senderLastAssignedTsn())) {
            return;
        }
        deferredIncomingReset = null;
        int[] streams = r.streams();
        if (streams.length == 0) {
            receiver.resetAllStreams();
        } else {
            int[] valid = Arrays.stream(streams).filter(s -> s < inboundStreams).toArray();
            receiver.resetStreams(valid);
            streams = valid;
        }
        completeRequest(ReconfigurationResponseParameter.SUCCESS_PERFORMED);
        respond(r.requestSeq(), ReconfigurationResponseParameter.SUCCESS_PERFORMED);
        events.add(new SctpEvent.IncomingStreamsReset(streams));
    }

    private void onReconfigResponse(ReconfigurationResponseParameter r, long now) {
        OutgoingSsnResetRequestParameter req = outstandingReset;
        if (req == null || r.responseSeq() != req.requestSeq()) {
            return;
        }
        switch (r.result()) {
            case ReconfigurationResponseParameter.IN_PROGRESS:
                reconfigDeadline = now + rto; // asked again then
                return;
            case ReconfigurationResponseParameter.SUCCESS_PERFORMED:
            case ReconfigurationResponseParameter.SUCCESS_NOTHING_TO_DO:
                break;
            default:
                LOG.warn("SCTP: peer refused to reset streams {}: result {}", Arrays.toString(req.streams()),
                        r.result());
                break;
        }
        outstandingReset = null;
        sendReset = false;
        reconfigDeadline = NEVER;
        nextRequestSeq++;
        for (int s : req.streams()) {
            OutboundStream os = sender.stream(s);
            os.nextSsn = 0;
            os.resetRequested = false;
        }
        events.add(new SctpEvent.OutgoingStreamsReset(req.streams()));
    }

    private void maybeStartReset(long now) {
        if (outstandingReset != null || resetWanted.isEmpty() || !peerReconfig) {
            return;
        }
        List<Integer> ready = new ArrayList<>();
        for (int s : resetWanted) {
            if (sender.streamDrained(s)) {
                ready.add(s);
            }
            if (ready.size() >= 128) {
                break;
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        int[] streams = ready.stream().mapToInt(Integer::intValue).toArray();
        for (int s : streams) {
            resetWanted.remove(s);
        }
        outstandingReset = new OutgoingSsnResetRequestParameter(nextRequestSeq, peerNextRequestSeq - 1,
                sender.nextTsn() - 1, streams);
        sendReset = true;
        reconfigDeadline = now + rto;
    }

    // ------------------------------------------------------------------ timers

    public void handleTimeout(long now) {
        if (ended) {
            return;
        }
        if (t1Deadline - now <= 0) {
            if (++initRetransmissions > config.maxInitRetransmissions()) {
                terminate("no answer to " + (state == State.COOKIE_WAIT ? "INIT" : "COOKIE-ECHO"), true);
                return;
            }
            rto = Math.min(rtoMax, rto * 2);
            if (state == State.COOKIE_WAIT) {
                sendInit = true;
            } else if (state == State.COOKIE_ECHOED) {
                sendCookieEcho = true;
            }
            t1Deadline = now + rto;
        }
        if (t3Deadline - now <= 0) {
            t3Deadline = NEVER;
            if (sender.needsT3()) {
                if (countError("T3-rtx")) {
                    return;
                }
                rto = Math.min(rtoMax, rto * 2);
                sender.onT3Expired();
                t3Deadline = now + rto;
            }
        }
        if (t2Deadline - now <= 0) {
            if (countError("T2-shutdown")) {
                return;
            }
            rto = Math.min(rtoMax, rto * 2);
            if (state == State.SHUTDOWN_SENT) {
                sendShutdown = true;
            } else if (state == State.SHUTDOWN_ACK_SENT) {
                sendShutdownAck = true;
            }
            t2Deadline = now + rto;
        }
        if (sackDeadline - now <= 0) {
            sackDeadline = NEVER;
            sackNow = true;
        }
        if (heartbeatDeadline - now <= 0) {
            if (heartbeatOutstanding && countError("HEARTBEAT")) {
                return;
            }
            sendHeartbeat = true;
            heartbeatDeadline = now + rto + TimeUnit.MILLISECONDS.toNanos(config.heartbeatIntervalMillis());
        }
        if (reconfigDeadline - now <= 0) {
            reconfigDeadline = outstandingReset != null ? now + rto : NEVER;
            sendReset = outstandingReset != null;
        }
    }

    /** Counts a timeout toward Association.Max.Retrans; true when the association failed. */
    private boolean countError(String what) {
        if (++errorCount > config.maxRetransmissions()) {
            failWithAbort("too many retransmissions (" + what + ")");
            return true;
        }
        return false;
    }

    /** The association failed (RFC 9260 8.1): the peer is told with an ABORT, in case it can still hear us. */
    private void failWithAbort(String reason) {
        List<ErrorCause> causes = List.of(ErrorCause.of(ErrorCause.USER_INITIATED_ABORT, reason));
        byte[] pk = new byte[COMMON_HEADER + AbortChunk.size(causes) + 4];
        int n = SctpPacket.writeHeader(pk, 0, config.localPort(), config.remotePort(), peerTag);
        n += AbortChunk.write(pk, n, false, causes);
        controlPackets.add(seal(pk, n));
        terminate(reason, true);
    }

    // ------------------------------------------------------------------ output

    /**
     * The next packet to send, or null when there is nothing to send now. The returned buffer is a view of an
     * internal array, valid until the next call on this association.
     */
    public ByteBuffer pollTransmit(long now) {
        byte[] control = controlPackets.poll();
        if (control != null) {
            return ByteBuffer.wrap(control);
        }
        if (ended) {
            return null;
        }
        int n = buildPacket(now);
        if (n == 0) {
            return null;
        }
        checksum.seal(out, 0, n);
        outView.limit(n).position(0);
        return outView;
    }

    private int buildPacket(long now) {
        if (sendInit) {
            sendInit = false;
            int n = SctpPacket.writeHeader(out, 0, config.localPort(), config.remotePort(), 0);
            n += InitChunk.write(out, n, Chunk.INIT, localTag, config.initialAdvertisedWindow(), MAX_STREAMS,
                    MAX_STREAMS, localInitialTsn, null, List.of());
            return n;
        }
        int start = SctpPacket.writeHeader(out, 0, config.localPort(), config.remotePort(), peerTag);
        int p = start;
        if (sendCookieEcho && cookieToEcho != null) {
            sendCookieEcho = false;
            p += CookieEchoChunk.write(out, p, cookieToEcho);
        }
        if (sendCookieAck) {
            sendCookieAck = false;
            Chunk.writeHeader(out, p, Chunk.COOKIE_ACK, 0, 4);
            p += 4;
        }
        if (sender == null) {
            return p == start ? 0 : p;
        }
        if (state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_RECEIVED) {
            sender.abandonExpired(now);
            maybeStartReset(now);
        }
        boolean dataAllowed = state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING
                || state == State.SHUTDOWN_RECEIVED;
        boolean willSendData = dataAllowed && sender.canSendData();
        if (sackNow || (sackDeadline != NEVER && (willSendData || p != start))) {
            int room = Math.min(mtu - p, 16 + 4 * 128);
            p += receiver.writeSack(out, p, room);
            sackNow = false;
            sackDeadline = NEVER;
            dataPacketsSinceSack = 0;
        }
        while (!heartbeatAcks.isEmpty() && p + 4 + heartbeatAcks.peek().length <= mtu) {
            p += HeartbeatChunk.writeAck(out, p, heartbeatAcks.poll());
        }
        if (sendHeartbeat && p + 28 <= mtu) {
            sendHeartbeat = false;
            heartbeatOutstanding = true;
            heartbeatNonce = random.nextLong();
            byte[] value = new byte[16];
            Bytes.put64(value, 0, heartbeatNonce);
            Bytes.put64(value, 8, now);
            p += HeartbeatChunk.writeRequest(out, p, value);
        }
        if (sendShutdown && p + ShutdownChunk.SIZE <= mtu) {
            sendShutdown = false;
            p += ShutdownChunk.write(out, p, receiver.cumulativeTsn());
        }
        if (sendShutdownAck && p + 4 <= mtu) {
            sendShutdownAck = false;
            Chunk.writeHeader(out, p, Chunk.SHUTDOWN_ACK, 0, 4);
            p += 4;
        }
        if (sender.forwardTsnPending() && peerForwardTsn) {
            p = sender.writeForwardTsn(out, p, mtu);
        }
        p = writeReconfig(p);
        if (willSendData) {
            int before = p;
            p = sender.writeData(out, p, mtu, now, p == start);
            if (p != before && t3Deadline == NEVER) {
                t3Deadline = now + rto;
            }
        }
        return p == start ? 0 : p;
    }

    private int writeReconfig(int p) {
        int paramBytes = 0;
        boolean request = sendReset && outstandingReset != null;
        if (request) {
            paramBytes += outstandingReset.size();
        }
        int responses = 0;
        for (ReconfigurationResponseParameter r : reconfigResponses) {
            if (responses == (request ? 1 : 2)) {
                break; // a RE-CONFIG chunk carries at most two parameters
            }
            paramBytes += ReconfigurationResponseParameter.SIZE;
            responses++;
        }
        if (paramBytes == 0 || p + 4 + paramBytes > mtu) {
            return p;
        }
        ReConfigChunk.writeHeader(out, p, paramBytes);
        int q = p + 4;
        if (request) {
            q += outstandingReset.write(out, q);
            sendReset = false;
        }
        for (int i = 0; i < responses; i++) {
            q += reconfigResponses.poll().write(out, q);
        }
        return q;
    }
}

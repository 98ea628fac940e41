package dev.robusta.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS 1.2 connection over a datagram path that the layer above supplies: it writes datagrams through a
 * {@link DatagramSender} and is fed the datagrams that arrive with {@link #handleDatagram}.
 *
 * <p>Bouncy Castle's handshake blocks, so it runs on a handshake executor (bounded; never an I/O event loop).
 * Once connected, no thread waits for data: each datagram handed to {@link #handleDatagram} is decrypted on the
 * calling thread and its application data given to the {@link Listener} before the call returns.
 *
 * <p>The peer's certificate must match one of the fingerprints in {@link DtlsConfig#remoteFingerprints()};
 * otherwise the handshake fails with {@link DtlsException.Reason#FINGERPRINT_MISMATCH} and no application data
 * passes either way.
 *
 * <p>Methods may be called from any thread. Listener calls are made one at a time.
 */
public final class DtlsTransport implements AutoCloseable {

    /** Receives what the connection delivers. Calls are serialised; they must not block. */
    public interface Listener {
        /**
         * Decrypted application data, valid only during the call. Runs on the thread that handed in the datagram
         * (or the handshake thread, for data that came with the peer's last flight).
         */
        void onApplicationData(byte[] data, int offset, int length);

        /** The state changed; {@code cause} is set when it became {@link DtlsState#FAILED}. */
        default void onStateChange(DtlsState state, DtlsException cause) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DtlsTransport.class);
    private static final Listener NO_LISTENER = (data, offset, length) -> { };

    private final DtlsConfig config;
    private final Executor handshakeExecutor;
    private final HandshakeSupport support;
    private final QueuedDatagramTransport datagrams;
    private final CompletableFuture<DtlsConnectionInfo> connected = new CompletableFuture<>();
    private final Object stateLock = new Object();
    private final Object receiveLock = new Object();

    private volatile Listener listener = NO_LISTENER;
    private volatile DtlsState state = DtlsState.NEW;
    private volatile DTLSTransport dtls;
    private volatile DtlsConnectionInfo info;
    private byte[] plaintext; // guarded by receiveLock
    private volatile int sendLimit;
    private volatile RecordFilter recordFilter;
    /** Our record layer for application data (AES-GCM suites), or null: Bouncy Castle does every record. */
    private volatile AeadRecordLayer records;
    private final Object sendLock = new Object();
    private byte[] sendBuffer; // guarded by sendLock
    private byte[] scratch; // guarded by receiveLock: a datagram that came in a buffer without an array

    private final AtomicLong datagramsReceived = new AtomicLong();
    private final AtomicLong datagramsDropped = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();

    /** A connection that runs its handshake on the {@linkplain DtlsHandshakeExecutors#shared() shared pool}. */
    public DtlsTransport(DtlsConfig config, DatagramSender sender) {
        this(config, sender, DtlsHandshakeExecutors.shared());
    }

    public DtlsTransport(DtlsConfig config, DatagramSender sender, Executor handshakeExecutor) {
        this.config = Objects.requireNonNull(config, "config");
        this.handshakeExecutor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        this.support = new HandshakeSupport(config);
        this.datagrams = new QueuedDatagramTransport(Objects.requireNonNull(sender, "sender"), config.mtu(), config.role());
    }

    /** Sets the listener; set it before {@link #start()} so no data or state change is missed. */
    public void setListener(Listener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
    }

    /**
     * Starts the handshake in this connection's role. Completes when connected, or exceptionally with a
     * {@link DtlsException} (fingerprint mismatch, timeout, alert, close). Calling it again returns the same future.
     */
    public CompletableFuture<DtlsConnectionInfo> start() {
        synchronized (stateLock) {
            if (state != DtlsState.NEW) {
                return connected;
            }
        }
        transition(DtlsState.CONNECTING, null);
        try {
            handshakeExecutor.execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            fail(new DtlsException(DtlsException.Reason.REJECTED,
                    "too many DTLS handshakes at once: the handshake executor refused this one", e));
        }
        return connected;
    }

    /** Completes when connected; see {@link #start()}. */
    public CompletableFuture<DtlsConnectionInfo> connected() {
        return connected;
    }

    /**
     * Hands in one datagram from the peer (its remaining bytes; the buffer is not modified). Before the
     * handshake is done it is queued for the handshake; afterwards it is decrypted now, on this thread.
     * Datagrams that are not DTLS records, fail authentication or come after close are dropped and counted.
     */
    public void handleDatagram(ByteBuffer datagram) {
        datagramsReceived.incrementAndGet();
        DtlsState current = state;
        if (current == DtlsState.CONNECTING || current == DtlsState.NEW) {
            synchronized (receiveLock) {
                if (dtls == null) {
                    if (!datagrams.offerForHandshake(datagram)) {
                        datagramsDropped.incrementAndGet();
                    }
                    return;
                }
            }
            current = state;
        }
        if (current != DtlsState.CONNECTED) {
            datagramsDropped.incrementAndGet();
            return;
        }
        synchronized (receiveLock) {
            decrypt(datagram);
        }
    }

    /** Hands in one datagram held in an array; see {@link #handleDatagram(ByteBuffer)}. */
    public void handleDatagram(byte[] data, int offset, int length) {
        handleDatagram(ByteBuffer.wrap(data, offset, length));
    }

    /**
     * Encrypts and sends one record of application data.
     *
     * @throws DtlsException {@link DtlsException.Reason#CLOSED} when not connected
     * @throws IllegalArgumentException if {@code length} exceeds {@link #maxApplicationDataSize()}
     */
    public void send(byte[] data, int offset, int length) throws DtlsException {
        DTLSTransport transport = dtls;
        if (state != DtlsState.CONNECTED || transport == null) {
            throw new DtlsException(DtlsException.Reason.CLOSED, "DTLS is " + state + ", not connected");
        }
        Objects.checkFromIndexSize(offset, length, data.length);
        int limit = sendLimit;
        if (length > limit) {
            throw new IllegalArgumentException("application data of " + length + " bytes exceeds the "
                    + limit + "-byte record limit of this path");
        }
        try {
            AeadRecordLayer layer = records;
            if (layer != null) {
                synchronized (sendLock) {
                    int n = layer.protect(AeadRecordLayer.APPLICATION_DATA, data, offset, length, sendBuffer);
                    datagrams.sendProtected(sendBuffer, 0, n);
                }
            } else {
                transport.send(data, offset, length);
            }
            bytesSent.addAndGet(length);
        } catch (IOException e) {
            DtlsException failure = new DtlsException(DtlsException.Reason.CLOSED, "DTLS send failed: " + e.getMessage(), e);
            fail(failure);
            throw failure;
        }
    }

    /** The most application data one {@link #send} takes (the MTU less the record overhead), once connected. */
    public int maxApplicationDataSize() {
        return dtls == null ? 0 : sendLimit;
    }

    public DtlsState state() {
        return state;
    }

    public DtlsRole role() {
        return config.role();
    }

    /** Our certificate's fingerprint, as our SDP must carry it. */
    public DtlsFingerprint localFingerprint() {
        return config.certificate().fingerprint();
    }

    /** What the handshake agreed on, once connected. */
    public Optional<DtlsConnectionInfo> connectionInfo() {
        return Optional.ofNullable(info);
    }

    public long datagramsReceived() {
        return datagramsReceived.get();
    }

    /** Datagrams dropped: handshake queue full, after close, or not decryptable. */
    public long datagramsDropped() {
        return datagramsDropped.get();
    }

    /** Application bytes delivered to the listener. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Application bytes sent. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /**
     * Closes the connection: a connected one sends close_notify; a running handshake is abandoned and
     * {@link #start()}'s future fails with {@link DtlsException.Reason#CLOSED}. Idempotent.
     */
    @Override
    public void close() {
        DTLSTransport transport = dtls;
        boolean changed = transition(DtlsState.CLOSED, null);
        if (transport != null) {
            try {
                transport.close();
            } catch (IOException e) {
                LOG.debug("close_notify not sent: {}", e.toString());
            }
        }
        datagrams.close();
        if (changed) {
            connected.completeExceptionally(new DtlsException(DtlsException.Reason.CLOSED,
                    "the DTLS transport was closed before the handshake finished"));
        }
    }

    private void runHandshake() {
        PeerEvents events = new TransportEvents();
        try {
            DTLSTransport transport;
            if (config.role() == DtlsRole.CLIENT) {
                transport = new DTLSClientProtocol().connect(new RobustaDtlsClient(support, events), datagrams);
            } else {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // ICE has already checked that the peer answers at this address: no HelloVerifyRequest round trip.
                protocol.setVerifyRequests(false);
                transport = protocol.accept(new RobustaDtlsServer(support, events), datagrams);
            }
            onHandshakeDone(transport);
        } catch (Throwable e) {
            fail(describe(e));
        }
    }

    private void onHandshakeDone(DTLSTransport transport) throws IOException {
        DtlsConnectionInfo connectionInfo = new DtlsConnectionInfo(config.role(), "DTLS 1.2",
                HandshakeSupport.cipherSuiteName(support.negotiatedCipherSuite()), support.srtpKeys(),
                support.remoteCertificateDer(), support.remoteFingerprint());
        synchronized (receiveLock) {
            if (state != DtlsState.CONNECTING) {
                transport.close();
                return;
            }
            info = connectionInfo;
            plaintext = new byte[Math.max(transport.getReceiveLimit(), QueuedDatagramTransport.RECEIVE_LIMIT)];
            sendLimit = transport.getSendLimit();
            recordFilter = RecordFilter.forSuite(connectionInfo.cipherSuite());
            AeadRecordLayer layer = support.recordLayer();
            if (layer != null) {
                synchronized (sendLock) {
                    sendBuffer = new byte[sendLimit + AeadRecordLayer.OVERHEAD];
                }
                datagrams.takeOverRecords(layer);
                records = layer;
            }
            List<byte[]> early = datagrams.switchToSynchronous();
            dtls = transport;
            transition(DtlsState.CONNECTED, null);
            LOG.debug("DTLS connected as {} with {}, SRTP {}", config.role(), connectionInfo.cipherSuite(),
                    connectionInfo.srtpKeys().map(k -> k.profile().rfcName()).orElse("none"));
            drainPending();
            for (byte[] datagram : early) {
                decrypt(ByteBuffer.wrap(datagram));
            }
        }
        connected.complete(connectionInfo);
    }

    /** Decrypts one datagram's records and delivers their application data. Holds receiveLock. */
    private void decrypt(ByteBuffer datagram) {
        DTLSTransport transport = dtls;
        if (transport == null || state != DtlsState.CONNECTED) {
            datagramsDropped.incrementAndGet();
            return;
        }
        if (!recordFilter.accepts(datagram)) {
            datagramsDropped.incrementAndGet();
            return;
        }
        AeadRecordLayer layer = records;
        if (layer != null) {
            openRecords(datagram, layer);
        } else {
            handToBouncyCastle(datagram);
        }
    }

    /**
     * Our record layer opens epoch-1 application data itself; any other record (an alert, a retransmitted
     * handshake message) goes to Bouncy Castle on its own. The records' framing was checked by the filter.
     */
    private void openRecords(ByteBuffer datagram, AeadRecordLayer layer) {
        byte[] bytes;
        int at;
        int length = datagram.remaining();
        if (datagram.hasArray()) {
            bytes = datagram.array();
            at = datagram.arrayOffset() + datagram.position();
        } else {
            if (scratch == null || scratch.length < length) {
                scratch = new byte[Math.max(length, QueuedDatagramTransport.RECEIVE_LIMIT)];
            }
            datagram.duplicate().get(scratch, 0, length);
            bytes = scratch;
            at = 0;
        }
        int end = at + length;
        boolean dropped = false;
        while (at < end && state == DtlsState.CONNECTED) {
            int recordLength = AeadRecordLayer.HEADER_LENGTH + (((bytes[at + 11] & 0xff) << 8) | (bytes[at + 12] & 0xff));
            int epoch = ((bytes[at + 3] & 0xff) << 8) | (bytes[at + 4] & 0xff);
            if (bytes[at] == AeadRecordLayer.APPLICATION_DATA && epoch == AeadRecordLayer.EPOCH) {
                int n = layer.unprotect(bytes, at, recordLength, plaintext);
                if (n < 0) {
                    dropped = true;
                } else {
                    deliver(n);
                }
            } else {
                handToBouncyCastle(ByteBuffer.wrap(bytes, at, recordLength));
            }
            at += recordLength;
        }
        if (dropped) {
            datagramsDropped.incrementAndGet();
        }
    }

    /** Bouncy Castle decrypts the datagram's records and we deliver their application data. */
    private void handToBouncyCastle(ByteBuffer datagram) {
        DTLSTransport transport = dtls;
        datagrams.setCurrent(datagram);
        try {
            int length;
            try {
                length = transport.receive(plaintext, 0, plaintext.length, 1);
            } catch (InterruptedIOException e) {
                if (e != QueuedDatagramTransport.NO_MORE_DATAGRAMS) {
                    throw e;
                }
                length = -1;
            }
            if (length < 0) {
                datagramsDropped.incrementAndGet();
                return;
            }
            deliver(length);
            drainPending();
        } catch (IOException e) {
            fail(describe(e));
        } finally {
            datagrams.clearCurrent();
        }
    }

    /** Delivers records Bouncy Castle still holds from a datagram that carried several. */
    private void drainPending() throws IOException {
        DTLSTransport transport = dtls;
        while (state == DtlsState.CONNECTED) {
            int length = transport.receivePending(plaintext, 0, plaintext.length);
            if (length < 0) {
                return;
            }
            deliver(length);
        }
    }

    private void deliver(int length) {
        if (length == 0) {
            return;
        }
        bytesReceived.addAndGet(length);
        try {
            listener.onApplicationData(plaintext, 0, length);
        } catch (RuntimeException e) {
            LOG.warn("DTLS application data listener threw; the data is dropped", e);
        }
    }

    private void fail(DtlsException failure) {
        if (transition(DtlsState.FAILED, failure)) {
            LOG.debug("DTLS failed: {}", failure.getMessage());
            DTLSTransport transport = dtls;
            if (transport != null) {
                try {
                    transport.close();
                } catch (IOException ignored) {
                    // the connection is failing anyway
                }
            }
            datagrams.close();
        }
        connected.completeExceptionally(failure);
    }

    /** Moves to {@code to} unless already CLOSED or FAILED; true if it moved. Tells the listener outside the lock. */
    private boolean transition(DtlsState to, DtlsException cause) {
        synchronized (stateLock) {
            if (state == to || state == DtlsState.CLOSED || state == DtlsState.FAILED) {
                return false;
            }
            state = to;
        }
        try {
            listener.onStateChange(to, cause);
        } catch (RuntimeException e) {
            LOG.warn("DTLS state listener threw", e);
        }
        return true;
    }

    /** Turns what Bouncy Castle threw into our typed exception, preferring the reason we recorded ourselves. */
    private DtlsException describe(Throwable e) {
        DtlsException recorded = support.failure();
        if (recorded != null) {
            if (recorded.getCause() == null && e != null && !(e instanceof TlsFatalAlertReceived)) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                String detail = root == e || recorded.getMessage().contains(String.valueOf(root.getMessage()))
                        ? "" : " (" + root + ")";
                return new DtlsException(recorded.reason(), recorded.getMessage() + detail, e);
            }
            return recorded;
        }
        if (e instanceof TlsTimeoutException) {
            return new DtlsException(DtlsException.Reason.HANDSHAKE_TIMEOUT, "the DTLS handshake did not finish within "
                    + config.handshakeTimeout().toMillis() + " ms", e);
        }
        if (state == DtlsState.CLOSED) {
            return new DtlsException(DtlsException.Reason.CLOSED, "the DTLS transport was closed", e);
        }
        if (e instanceof TlsFatalAlertReceived received) {
            return new DtlsException(DtlsException.Reason.ALERT_RECEIVED, "the peer sent a fatal alert: "
                    + AlertDescription.getText(received.getAlertDescription()), e);
        }
        if (e instanceof TlsFatalAlert alert) {
            return new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "DTLS failed with alert "
                    + AlertDescription.getText(alert.getAlertDescription())
                    + (alert.getMessage() == null ? "" : ": " + alert.getMessage()), e);
        }
        return new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "DTLS failed: " + e, e);
    }

    /** Alerts reported by Bouncy Castle while it runs. */
    private final class TransportEvents implements PeerEvents {
        @Override
        public void alertReceived(short level, short description) {
            if (description == AlertDescription.close_notify) {
                LOG.debug("DTLS peer sent close_notify");
                transition(DtlsState.CLOSED, null);
                connected.completeExceptionally(new DtlsException(DtlsException.Reason.CLOSED,
                        "the peer closed the DTLS connection"));
            } else if (level == AlertLevel.fatal) {
                support.recordFailure(new DtlsException(DtlsException.Reason.ALERT_RECEIVED,
                        "the peer sent a fatal alert: " + AlertDescription.getText(description)));
            } else {
                LOG.debug("DTLS warning alert from the peer: {}", AlertDescription.getText(description));
            }
        }

        @Override
        public void alertRaised(short level, short description, String message, Throwable cause) {
            if (level == AlertLevel.fatal) {
                String detail = message != null ? message : cause != null ? cause.toString() : null;
                support.recordFailure(new DtlsException(DtlsException.Reason.PROTOCOL_ERROR,
                        "DTLS failed with alert " + AlertDescription.getText(description)
                                + (detail == null ? "" : ": " + detail), cause));
            }
        }
    }
}

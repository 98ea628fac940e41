package dev.robusta.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DatagramTransport;

/**
 * Bouncy Castle's view of the datagram path. During the handshake Bouncy Castle blocks in {@link #receive} on the
 * handshake thread, fed by a bounded queue. Afterwards no thread waits: whoever delivers a datagram hands it over
 * as "the current datagram" and calls Bouncy Castle's receive at once; when it asks for more than that one
 * datagram, it gets {@link #NO_MORE_DATAGRAMS}, which Bouncy Castle passes through untouched.
 */
final class QueuedDatagramTransport implements DatagramTransport {

    /** Ends a synchronous receive: the datagram at hand is used up. Preallocated; no stack trace. */
    static final InterruptedIOException NO_MORE_DATAGRAMS = new InterruptedIOException("no more datagrams") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    /**
     * The largest datagram accepted. WebRTC stacks keep DTLS datagrams near 1200 bytes; Bouncy Castle allocates
     * a buffer of this size per receive, so it is not made larger than needed.
     */
    static final int RECEIVE_LIMIT = 4096;

    private static final int QUEUE_CAPACITY = 64;
    private static final byte[] CLOSE_SENTINEL = new byte[0];

    private final DatagramSender sender;
    private final int sendLimit;
    private final BlockingQueue<byte[]> handshakeQueue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean closed;
    private final CipherChangeGate gate;

    // Sending (guarded by this): the highest epoch-1 sequence number Bouncy Castle wrote, then our record layer.
    private long highestEpoch1Sequence = -1;
    private AeadRecordLayer recordLayer;
    private byte[] rewrapBuffer;

    // Synchronous mode: touched only by the thread holding the DtlsTransport's receive lock.
    private boolean synchronous;
    private ByteBuffer current;

    QueuedDatagramTransport(DatagramSender sender, int sendLimit, DtlsRole localRole) {
        this.sender = sender;
        this.gate = new CipherChangeGate(localRole);
        this.sendLimit = sendLimit;
    }

    /**
     * Queues a datagram for the handshake thread, through the {@link CipherChangeGate}; false if the queue is
     * full (the datagram is dropped). Called with the DtlsTransport's receive lock held.
     */
    boolean offerForHandshake(ByteBuffer datagram) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        boolean all = true;
        for (byte[] ready : gate.accept(copy)) {
            all &= handshakeQueue.offer(ready);
        }
        return all;
    }

    /**
     * Switches to synchronous mode; returns the datagrams queued and not yet read by the handshake, and the
     * records the gate still held (early application data, a duplicate Finished).
     */
    java.util.List<byte[]> switchToSynchronous() {
        synchronous = true;
        java.util.List<byte[]> left = new java.util.ArrayList<>();
        handshakeQueue.drainTo(left);
        left.remove(CLOSE_SENTINEL);
        left.addAll(gate.drainHeld());
        return left;
    }

    /** Makes {@code datagram} the one the next synchronous receive returns. */
    void setCurrent(ByteBuffer datagram) {
        current = datagram;
    }

    void clearCurrent() {
        current = null;
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (synchronous) {
            ByteBuffer datagram = current;
            if (datagram == null) {
                throw NO_MORE_DATAGRAMS;
            }
            current = null;
            int length = datagram.remaining();
            if (length > len) {
                return -1; // too large for the record layer: dropped
            }
            datagram.duplicate().get(buf, off, length);
            return length;
        }
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] datagram;
        try {
            datagram = waitMillis <= 0 ? handshakeQueue.take() : handshakeQueue.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a handshake datagram");
        }
        if (datagram == null) {
            return -1; // timed out: Bouncy Castle retransmits or gives up
        }
        if (datagram == CLOSE_SENTINEL || closed) {
            throw new IOException("DTLS transport closed");
        }
        if (datagram.length > len) {
            return -1;
        }
        System.arraycopy(datagram, 0, buf, off, datagram.length);
        return datagram.length;
    }

    /**
     * Bouncy Castle's datagrams. Before {@link #takeOverRecords} it notes the highest epoch-1 sequence number
     * Bouncy Castle used; afterwards its epoch-1 records (alerts, a retransmitted Finished) are re-protected by
     * our record layer under our sequence numbers, so that no two records share a nonce.
     */
    @Override
    public synchronized void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        AeadRecordLayer layer = recordLayer;
        if (layer == null) {
            noteSequenceNumbers(buf, off, len);
            sender.send(buf, off, len);
            return;
        }
        if (rewrapBuffer == null) {
            rewrapBuffer = new byte[RECEIVE_LIMIT + AeadRecordLayer.OVERHEAD];
        }
        int end = off + len;
        for (int at = off; at + AeadRecordLayer.HEADER_LENGTH <= end; ) {
            int recordLength = AeadRecordLayer.HEADER_LENGTH + (((buf[at + 11] & 0xff) << 8) | (buf[at + 12] & 0xff));
            if (at + recordLength > end) {
                return;
            }
            int epoch = ((buf[at + 3] & 0xff) << 8) | (buf[at + 4] & 0xff);
            if (epoch == AeadRecordLayer.EPOCH) {
                int n = layer.reprotect(buf, at, recordLength, rewrapBuffer);
                if (n > 0) {
                    sender.send(rewrapBuffer, 0, n);
                }
            } else {
                sender.send(buf, at, recordLength);
            }
            at += recordLength;
        }
    }

    private void noteSequenceNumbers(byte[] buf, int off, int len) {
        int end = off + len;
        for (int at = off; at + AeadRecordLayer.HEADER_LENGTH <= end; ) {
            int epoch = ((buf[at + 3] & 0xff) << 8) | (buf[at + 4] & 0xff);
            if (epoch == AeadRecordLayer.EPOCH) {
                highestEpoch1Sequence = Math.max(highestEpoch1Sequence, AeadRecordLayer.readUint48(buf, at + 5));
            }
            at += AeadRecordLayer.HEADER_LENGTH + (((buf[at + 11] & 0xff) << 8) | (buf[at + 12] & 0xff));
        }
    }

    /**
     * From now on epoch-1 records are ours: {@code layer} writes from one past the highest sequence number Bouncy
     * Castle used, and Bouncy Castle's later epoch-1 records go through it.
     */
    synchronized void takeOverRecords(AeadRecordLayer layer) {
        layer.startWritingAt(highestEpoch1Sequence + 1);
        recordLayer = layer;
    }

    /** Sends one datagram of ours (already protected), unless closed. */
    void sendProtected(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        sender.send(buf, off, len);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            handshakeQueue.clear();
            handshakeQueue.offer(CLOSE_SENTINEL); // wakes a handshake thread waiting for a datagram
        }
    }

    boolean isClosed() {
        return closed;
    }
}

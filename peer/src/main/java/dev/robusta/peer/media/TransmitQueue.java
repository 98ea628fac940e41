package dev.robusta.peer.media;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Datagrams waiting for the driver, in pooled buffers: one taken by {@link #poll} is valid until the next poll,
 * then goes back to the pool, so a steady stream allocates nothing.
 */
final class TransmitQueue {
    private final int bufferSize;
    private final ArrayDeque<ByteBuffer> queued = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private ByteBuffer lent;

    TransmitQueue(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    /** A buffer to write a datagram into (its array, from index 0). */
    ByteBuffer borrow() {
        ByteBuffer b = free.poll();
        return b != null ? b : ByteBuffer.allocate(bufferSize);
    }

    /** Returns a borrowed buffer that was not used. */
    void giveBack(ByteBuffer b) {
        free.add(b);
    }

    void add(ByteBuffer b, int length) {
        b.clear().limit(length);
        queued.add(b);
    }

    ByteBuffer poll() {
        if (lent != null) {
            free.add(lent);
            lent = null;
        }
        lent = queued.poll();
        return lent;
    }
}

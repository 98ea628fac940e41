package dev.robusta.rtp.jitter;

import java.util.Arrays;

/**
 * Reorders received packets and releases complete frames in order, sans-IO. Packets are copied into
 * preallocated slots indexed by extended sequence number; a frame is complete when its packets, all with one
 * timestamp, run contiguously from the packet after the previous frame's last to one with the marker bit. A
 * frame still incomplete {@code maxDelayNanos} after its first packet arrived is given up: the buffer then drops
 * packets up to the next keyframe start (inter frames after a gap cannot be decoded) and asks for a keyframe,
 * at most once per {@code keyframeRequestIntervalNanos}.
 *
 * <p>Nothing is allocated per packet or frame. Not thread-safe.
 */
public final class JitterBuffer {
    /** What {@link #insert} did with a packet. */
    public enum InsertResult { INSERTED, DUPLICATE, TOO_OLD, TOO_LARGE, DISCARDED_WAITING_FOR_KEYFRAME }

    private final int capacity;
    private final int mask;
    private final int maxPayloadBytes;
    private final long maxDelayNanos;
    private final long keyframeRequestIntervalNanos;
    private final PayloadInspector inspector;

    private final byte[][] payloads;
    private final int[] lengths;
    private final long[] seqs;      // extended sequence number in the slot, -1 if empty
    private final long[] timestamps;
    private final boolean[] markers;
    private final long[] arrivals;

    private long nextSeq = -1;      // first packet of the next frame to release; -1: waiting for a keyframe
    private long highestSeq = -1;
    private long lastReleasedSeq = -1;
    private long lastDeliveredSeq = -1; // last packet of the last frame actually released (not given up)
    private boolean keyframeRequestPending;
    private long lastKeyframeRequestNanos = Long.MIN_VALUE;
    private long waitingForKeyframeSinceNanos = Long.MIN_VALUE;

    private long framesReleased;
    private long framesDropped;
    private long keyframeRequests;
    private long packetsDropped;

    private final Frame frame = new Frame();

    /** A released frame: packets {@code [0, packetCount())} in order. Valid until the next call on the buffer. */
    public final class Frame {
        private long firstSeq;
        private int count;
        private long timestamp;
        private boolean keyframe;

        public long firstSequence() {
            return firstSeq;
        }

        public int packetCount() {
            return count;
        }

        public long timestamp() {
            return timestamp;
        }

        public boolean isKeyframe() {
            return keyframe;
        }

        public byte[] payload(int i) {
            return payloads[slot(firstSeq + i)];
        }

        public int payloadLength(int i) {
            return lengths[slot(firstSeq + i)];
        }

        public boolean marker(int i) {
            return markers[slot(firstSeq + i)];
        }

        /** Total payload bytes. */
        public int sizeBytes() {
            int n = 0;
            for (int i = 0; i < count; i++) {
                n += payloadLength(i);
            }
            return n;
        }
    }

    /**
     * @param capacityPackets    slots (a power of two); also the furthest ahead of the next frame a packet may be
     * @param maxPayloadBytes    the largest payload kept
     * @param maxDelayNanos      how long a frame may wait for missing packets (the NACK recovery window)
     * @param keyframeRequestIntervalNanos minimum time between keyframe requests
     */
    public JitterBuffer(int capacityPackets, int maxPayloadBytes, long maxDelayNanos, long keyframeRequestIntervalNanos,
            PayloadInspector inspector) {
        if (Integer.bitCount(capacityPackets) != 1 || capacityPackets < 16) {
            throw new IllegalArgumentException("capacity must be a power of two >= 16: " + capacityPackets);
        }
        this.capacity = capacityPackets;
        this.mask = capacityPackets - 1;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxDelayNanos = maxDelayNanos;
        this.keyframeRequestIntervalNanos = keyframeRequestIntervalNanos;
        this.inspector = inspector;
        payloads = new byte[capacityPackets][maxPayloadBytes];
        lengths = new int[capacityPackets];
        seqs = new long[capacityPackets];
        Arrays.fill(seqs, -1);
        timestamps = new long[capacityPackets];
        markers = new boolean[capacityPackets];
        arrivals = new long[capacityPackets];
    }

    private int slot(long seq) {
        return (int) (seq & mask);
    }

    /**
     * Copies one packet in.
     *
     * @param extendedSeq its extended sequence number (from {@code ReceiveStream.onPacket})
     */
    public InsertResult insert(long nowNanos, long extendedSeq, long timestamp, boolean marker, byte[] payload,
            int off, int len) {
        if (len > maxPayloadBytes) {
            packetsDropped++;
            return InsertResult.TOO_LARGE;
        }
        if (nextSeq >= 0 && extendedSeq < nextSeq && extendedSeq > lastDeliveredSeq
                && highestSeq - extendedSeq < capacity && has(nextSeq) && timestamps[slot(nextSeq)] == timestamp) {
            // The frame we resumed at (a keyframe start) began earlier: a packet of the same timestamp came late,
            // e.g. H.264's SPS/PPS reordered behind the IDR slice. The frame grows back to take it.
            nextSeq = extendedSeq;
            lastReleasedSeq = Math.min(lastReleasedSeq, extendedSeq - 1);
        } else if (extendedSeq <= lastReleasedSeq || (nextSeq >= 0 && extendedSeq < nextSeq)) {
            return InsertResult.TOO_OLD;
        }
        int s = slot(extendedSeq);
        if (seqs[s] == extendedSeq) {
            return InsertResult.DUPLICATE;
        }
        if (nextSeq < 0 && waitingForKeyframeSinceNanos == Long.MIN_VALUE) {
            waitingForKeyframeSinceNanos = nowNanos;
        }
        if (nextSeq >= 0 && extendedSeq - nextSeq >= capacity) {
            // So far ahead that the frame we wait for can no longer be kept: give it up now.
            giveUp(nowNanos);
        }
        if (nextSeq < 0 && seqs[s] >= 0 && seqs[s] > extendedSeq) {
            return InsertResult.TOO_OLD;
        }
        seqs[s] = extendedSeq;
        timestamps[s] = timestamp;
        markers[s] = marker;
        arrivals[s] = nowNanos;
        lengths[s] = len;
        System.arraycopy(payload, off, payloads[s], 0, len);
        if (extendedSeq > highestSeq) {
            highestSeq = extendedSeq;
        }
        if (nextSeq < 0 && inspector.isFrameStart(payload, off, len) && inspector.isKeyframe(payload, off, len)) {
            nextSeq = extendedSeq; // resume at a keyframe
            waitingForKeyframeSinceNanos = Long.MIN_VALUE;
            dropBelow(extendedSeq);
        }
        return InsertResult.INSERTED;
    }

    private boolean has(long seq) {
        return seqs[slot(seq)] == seq;
    }

    /**
     * The next complete frame, or null. Gives up frames that waited longer than the maximum delay (see
     * {@link #pollKeyframeRequest}).
     */
    public Frame pollFrame(long nowNanos) {
        while (true) {
            if (nextSeq < 0) {
                maybeRequestKeyframe(nowNanos);
                return null;
            }
            // Find the end of the frame starting at nextSeq.
            if (has(nextSeq)) {
                long ts = timestamps[slot(nextSeq)];
                long seq = nextSeq;
                while (has(seq) && timestamps[slot(seq)] == ts) {
                    if (markers[slot(seq)]) {
                        return release(nextSeq, seq);
                    }
                    seq++;
                }
            }
            long oldest = oldestPendingArrival();
            if (oldest == Long.MAX_VALUE || nowNanos - oldest < maxDelayNanos) {
                return null;
            }
            giveUp(nowNanos);
        }
    }

    private Frame release(long first, long last) {
        int s = slot(first);
        frame.firstSeq = first;
        frame.count = (int) (last - first + 1);
        frame.timestamp = timestamps[s];
        frame.keyframe = inspector.isFrameStart(payloads[s], 0, lengths[s])
                && inspector.isKeyframe(payloads[s], 0, lengths[s]);
        // Slots stay readable until the caller's next call; the sequence window moves past them.
        lastReleasedSeq = last;
        lastDeliveredSeq = last;
        nextSeq = last + 1;
        framesReleased++;
        return frame;
    }

    private long oldestPendingArrival() {
        long oldest = Long.MAX_VALUE;
        long from = Math.max(nextSeq, highestSeq - capacity + 1);
        for (long seq = from; seq <= highestSeq; seq++) {
            int s = slot(seq);
            if (seqs[s] == seq && arrivals[s] < oldest) {
                oldest = arrivals[s];
            }
        }
        return oldest;
    }

    /** The frame at nextSeq cannot be completed: skip to the next keyframe start, or wait for one. */
    private void giveUp(long nowNanos) {
        framesDropped++;
        long resume = -1;
        for (long seq = nextSeq + 1; seq <= highestSeq; seq++) {
            int s = slot(seq);
            if (seqs[s] == seq && inspector.isFrameStart(payloads[s], 0, lengths[s])
                    && inspector.isKeyframe(payloads[s], 0, lengths[s])) {
                resume = seq;
                break;
            }
        }
        if (resume >= 0) {
            dropBelow(resume);
            lastReleasedSeq = resume - 1;
            nextSeq = resume;
            return;
        }
        dropBelow(highestSeq + 1);
        lastReleasedSeq = highestSeq;
        nextSeq = -1;
        waitingForKeyframeSinceNanos = nowNanos;
        requestKeyframe(nowNanos);
    }

    private void dropBelow(long seq) {
        for (int i = 0; i < capacity; i++) {
            if (seqs[i] >= 0 && seqs[i] < seq) {
                seqs[i] = -1;
                packetsDropped++;
            }
        }
    }

    private void maybeRequestKeyframe(long nowNanos) {
        if (waitingForKeyframeSinceNanos != Long.MIN_VALUE && nowNanos - waitingForKeyframeSinceNanos >= maxDelayNanos) {
            requestKeyframe(nowNanos);
        }
    }

    private void requestKeyframe(long nowNanos) {
        if (lastKeyframeRequestNanos == Long.MIN_VALUE
                || nowNanos - lastKeyframeRequestNanos >= keyframeRequestIntervalNanos) {
            keyframeRequestPending = true;
            lastKeyframeRequestNanos = nowNanos;
            keyframeRequests++;
        }
    }

    /** True once per keyframe request the buffer decided on (send a PLI, or a FIR when negotiated). */
    public boolean pollKeyframeRequest() {
        boolean r = keyframeRequestPending;
        keyframeRequestPending = false;
        return r;
    }

    /** When {@link #pollFrame} may next give up a frame or repeat a keyframe request; Long.MAX_VALUE if never. */
    public long pollDeadline() {
        if (nextSeq < 0) {
            if (waitingForKeyframeSinceNanos == Long.MIN_VALUE) {
                return Long.MAX_VALUE;
            }
            long first = waitingForKeyframeSinceNanos + maxDelayNanos;
            return lastKeyframeRequestNanos == Long.MIN_VALUE ? first
                    : Math.max(first, lastKeyframeRequestNanos + keyframeRequestIntervalNanos);
        }
        long oldest = oldestPendingArrival();
        return oldest == Long.MAX_VALUE ? Long.MAX_VALUE : oldest + maxDelayNanos;
    }

    /**
     * Packets below this extended sequence number are no longer wanted (a NACK generator may forget them). While
     * waiting for a keyframe everything after the last packet given up is still wanted: it may be the keyframe's.
     */
    public long oldestWantedSequence() {
        return nextSeq < 0 ? lastReleasedSeq + 1 : nextSeq;
    }

    public long framesReleased() {
        return framesReleased;
    }

    /** Frames given up (W3C framesDropped counts frames dropped before decoding). */
    public long framesDropped() {
        return framesDropped;
    }

    public long keyframeRequests() {
        return keyframeRequests;
    }

    public long packetsDropped() {
        return packetsDropped;
    }
}

package dev.robusta.sctp.core;

import dev.robusta.sctp.wire.Bytes;
import dev.robusta.sctp.wire.DataChunk;
import dev.robusta.sctp.wire.SackChunk;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The receiving half of an association: which TSNs arrived (a bit ring above the cumulative TSN, for gap blocks
 * and duplicates), reassembly of fragmented messages (fragments of one message have consecutive TSNs, RFC 9260
 * 6.9), ordered delivery per stream by SSN and unordered delivery at once, FORWARD-TSN (RFC 3758 3.6) and
 * incoming stream resets (RFC 6525 5.2.2).
 *
 * <p>Copies: an unfragmented message is copied once, from the packet into the array the application gets. A
 * fragment is copied once into a pooled slab; when its message is complete the slabs are copied once into the
 * message's array and go back to the pool.
 */
final class Receiver {
    /** Where complete messages go, in delivery order. */
    interface Delivery {
        void deliver(int stream, int ppid, byte[] data, boolean unordered);
    }

    /** What became of a DATA chunk. */
    static final int NEW = 0;
    static final int DUPLICATE = 1;
    /** Not accepted (outside the window or no buffer space): not acknowledged, so the peer sends it again. */
    static final int DROPPED = 2;
    static final int TOO_BIG = 3;

    /** TSNs tracked above the cumulative TSN; a DATA chunk further ahead is dropped. */
    static final int WINDOW_TSNS = 1 << 15;
    private static final int RING = 1 << 16;
    private static final int MASK = RING - 1;

    private static final class Fragment {
        int tsn;
        int stream;
        int ssn;
        int ppid;
        int flags;
        byte[] data;
        int length;
        /**
         * Bytes from the message's first fragment through this one when they had all arrived before this one (the
         * usual, in-order case), else -1. Lets a middle fragment be filed without walking back to the first.
         */
        long runBytes;
    }

    private record Pending(int ppid, byte[] data) {}

    private static final class InboundStream {
        int nextSsn;
        HashMap<Integer, Pending> pending;
    }

    private final Delivery delivery;
    private final long capacity;
    private final long maxWindow;
    private final int maxMessageSize;
    private final int slabSize;
    private final long[] received = new long[RING / 64];
    private final Fragment[] fragments = new Fragment[RING];
    private final ArrayDeque<byte[]> slabPool = new ArrayDeque<>();
    private final ArrayDeque<Fragment> fragmentPool = new ArrayDeque<>();
    private int cumTsn;
    private int highestTsn;
    private int heldFragments;
    private int oldestFragmentTsn;
    private long bytesHeld;
    private InboundStream[] streams = new InboundStream[16];
    private final int[] dups = new int[32];
    private int dupCount;

    long duplicates;
    long dropped;

    /**
     * @param capacity  bytes held at most for reassembly and ordering
     * @param maxWindow the largest window advertised: bounds what the peer keeps in flight, however much of
     *                  {@code capacity} is free (held bytes are acknowledged, so they are not in flight)
     */
    Receiver(Delivery delivery, long capacity, long maxWindow, int maxMessageSize, int slabSize) {
        this.delivery = delivery;
        this.capacity = capacity;
        this.maxWindow = maxWindow;
        this.maxMessageSize = maxMessageSize;
        this.slabSize = slabSize;
    }

    void start(int peerInitialTsn) {
        cumTsn = peerInitialTsn - 1;
        highestTsn = cumTsn;
    }

    int cumulativeTsn() {
        return cumTsn;
    }

    boolean hasGaps() {
        return highestTsn != cumTsn;
    }

    boolean hasDuplicates() {
        return dupCount > 0;
    }

    long bytesHeld() {
        return bytesHeld;
    }

    /** The window to advertise (a_rwnd). */
    long rwnd() {
        return Math.max(0, Math.min(maxWindow, capacity - bytesHeld));
    }

    private boolean isReceived(int tsn) {
        int i = tsn & MASK;
        return (received[i >>> 6] & (1L << i)) != 0;
    }

    private void setReceived(int tsn, boolean on) {
        int i = tsn & MASK;
        if (on) {
            received[i >>> 6] |= 1L << i;
        } else {
            received[i >>> 6] &= ~(1L << i);
        }
    }

    private InboundStream stream(int id) {
        if (id >= streams.length) {
            streams = Arrays.copyOf(streams, Math.max(id + 1, streams.length * 2));
        }
        InboundStream s = streams[id];
        if (s == null) {
            s = new InboundStream();
            streams[id] = s;
        }
        return s;
    }

    /** Handles one DATA chunk of {@code len} bytes (header's length, > 16) at {@code off}. */
    int onData(byte[] b, int off, int len) {
        int tsn = DataChunk.tsn(b, off);
        int delta = tsn - cumTsn;
        if (delta <= 0 || (delta < WINDOW_TSNS && isReceived(tsn))) {
            duplicates++;
            if (dupCount < dups.length) {
                dups[dupCount++] = tsn;
            }
            return DUPLICATE;
        }
        if (delta >= WINDOW_TSNS) {
            dropped++;
            return DROPPED;
        }
        int userLen = len - DataChunk.HEADER_SIZE;
        if (bytesHeld + userLen > capacity && delta != 1) {
            dropped++;
            return DROPPED; // RFC 9260 6.2: no room, and not the chunk that would let delivery move on
        }
        int flags = b[off + 1] & 0xFF;
        int streamId = DataChunk.streamId(b, off);
        int ssn = DataChunk.ssn(b, off);
        int ppid = DataChunk.ppid(b, off);
        boolean whole = (flags & (DataChunk.FLAG_BEGINNING | DataChunk.FLAG_ENDING))
                == (DataChunk.FLAG_BEGINNING | DataChunk.FLAG_ENDING);
        if (!whole) {
            Fragment occupant = fragments[tsn & MASK];
            if (occupant != null) {
                dropped++;
                return DROPPED; // an old incomplete message still holds the slot
            }
        }
        if (whole && userLen > maxMessageSize) {
            return TOO_BIG;
        }
        setReceived(tsn, true);
        if (tsn - highestTsn > 0) {
            highestTsn = tsn;
        }
        int result = NEW;
        if (whole) {
            byte[] data = Arrays.copyOfRange(b, off + DataChunk.HEADER_SIZE, off + len);
            complete(streamId, ssn, ppid, (flags & DataChunk.FLAG_UNORDERED) != 0, data);
        } else {
            Fragment f = fragmentPool.isEmpty() ? new Fragment() : fragmentPool.poll();
            f.tsn = tsn;
            f.stream = streamId;
            f.ssn = ssn;
            f.ppid = ppid;
            f.flags = flags;
            f.length = userLen;
            f.data = userLen <= slabSize ? (slabPool.isEmpty() ? new byte[slabSize] : slabPool.poll())
                    : new byte[userLen];
            System.arraycopy(b, off + DataChunk.HEADER_SIZE, f.data, 0, userLen);
            Fragment prev = fragments[(tsn - 1) & MASK];
            if ((flags & DataChunk.FLAG_BEGINNING) != 0) {
                f.runBytes = userLen;
            } else if (prev != null && prev.tsn == tsn - 1 && prev.stream == streamId
                    && (prev.flags & DataChunk.FLAG_ENDING) == 0 && prev.runBytes >= 0) {
                f.runBytes = prev.runBytes + userLen;
            } else {
                f.runBytes = -1;
            }
            fragments[tsn & MASK] = f;
            if (heldFragments == 0 || tsn - oldestFragmentTsn < 0) {
                oldestFragmentTsn = tsn;
            }
            heldFragments++;
            bytesHeld += userLen;
            if (!reassemble(f)) {
                result = TOO_BIG;
            }
        }
        advanceCum();
        return result;
    }

    private void advanceCum() {
        while (cumTsn != highestTsn && isReceived(cumTsn + 1)) {
            cumTsn++;
            setReceived(cumTsn, false);
        }
    }

    /** Tries to complete the message {@code f} belongs to; false when it exceeds the maximum message size. */
    private boolean reassemble(Fragment f) {
        if ((f.flags & DataChunk.FLAG_ENDING) == 0 && f.runBytes >= 0 && f.runBytes <= maxMessageSize) {
            // In-order middle fragment: complete only if the next one is already here (it came early).
            Fragment next = fragments[(f.tsn + 1) & MASK];
            if (next == null || next.tsn != f.tsn + 1 || next.stream != f.stream
                    || (next.flags & DataChunk.FLAG_BEGINNING) != 0) {
                return true;
            }
        }
        int first = f.tsn;
        Fragment at = f;
        long total = f.length;
        while ((at.flags & DataChunk.FLAG_BEGINNING) == 0) {
            Fragment prev = fragments[(first - 1) & MASK];
            if (prev == null || prev.tsn != first - 1 || prev.stream != f.stream
                    || (prev.flags & DataChunk.FLAG_ENDING) != 0) {
                return true;
            }
            first--;
            at = prev;
            total += prev.length;
        }
        int last = f.tsn;
        at = f;
        while ((at.flags & DataChunk.FLAG_ENDING) == 0) {
            Fragment next = fragments[(last + 1) & MASK];
            if (next == null || next.tsn != last + 1 || next.stream != f.stream
                    || (next.flags & DataChunk.FLAG_BEGINNING) != 0) {
                return total <= maxMessageSize || discardRun(first, last);
            }
            last++;
            at = next;
            total += next.length;
        }
        if (total > maxMessageSize) {
            return discardRun(first, last);
        }
        byte[] data = new byte[(int) total];
        int p = 0;
        Fragment head = fragments[first & MASK];
        int streamId = head.stream;
        int ssn = head.ssn;
        int ppid = head.ppid;
        boolean unordered = (head.flags & DataChunk.FLAG_UNORDERED) != 0;
        for (int t = first; t - last <= 0; t++) {
            Fragment x = fragments[t & MASK];
            System.arraycopy(x.data, 0, data, p, x.length);
            p += x.length;
            release(x);
        }
        complete(streamId, ssn, ppid, unordered, data);
        return true;
    }

    private boolean discardRun(int first, int last) {
        for (int t = first; t - last <= 0; t++) {
            release(fragments[t & MASK]);
        }
        return false;
    }

    private void release(Fragment x) {
        fragments[x.tsn & MASK] = null;
        heldFragments--;
        bytesHeld -= x.length;
        if (x.data.length == slabSize && slabPool.size() < 1024) {
            slabPool.add(x.data);
        }
        x.data = null;
        fragmentPool.add(x);
    }

    private void complete(int streamId, int ssn, int ppid, boolean unordered, byte[] data) {
        if (unordered) {
            delivery.deliver(streamId, ppid, data, true);
            return;
        }
        InboundStream s = stream(streamId);
        int ahead = (ssn - s.nextSsn) & 0xFFFF;
        if (ahead == 0) {
            delivery.deliver(streamId, ppid, data, false);
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            drainInOrder(streamId, s);
        } else if (ahead < 0x8000) {
            if (s.pending == null) {
                s.pending = new HashMap<>();
            }
            if (s.pending.putIfAbsent(ssn, new Pending(ppid, data)) == null) {
                bytesHeld += data.length;
            }
        }
        // An SSN behind the next expected one is stale (before a reset or a FORWARD-TSN): dropped.
    }

    private void drainInOrder(int streamId, InboundStream s) {
        if (s.pending == null) {
            return;
        }
        Pending p;
        while (!s.pending.isEmpty() && (p = s.pending.remove(s.nextSsn)) != null) {
            bytesHeld -= p.data.length;
            delivery.deliver(streamId, p.ppid, p.data, false);
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
        }
    }

    /**
     * FORWARD-TSN (RFC 3758 3.6): moves the cumulative TSN to {@code newCum}, drops fragments up to it, and per
     * listed stream delivers what is held up to the skipped SSN and expects the one after it.
     */
    void onForwardTsn(int newCum, int[] streamIds, int[] ssns, int entries) {
        int delta = newCum - cumTsn;
        if (delta <= 0 || delta >= WINDOW_TSNS) {
            return;
        }
        if (heldFragments > 0) {
            int from = oldestFragmentTsn - cumTsn <= 0 ? oldestFragmentTsn : cumTsn + 1;
            for (int t = from; t - newCum <= 0 && heldFragments > 0; t++) {
                Fragment f = fragments[t & MASK];
                if (f != null && f.tsn == t) {
                    release(f);
                }
            }
            oldestFragmentTsn = newCum + 1;
        }
        for (int t = cumTsn + 1; t - newCum <= 0; t++) {
            setReceived(t, false);
        }
        cumTsn = newCum;
        if (highestTsn - cumTsn < 0) {
            highestTsn = cumTsn;
        }
        for (int t = cumTsn + 1; t - highestTsn <= 0 && isReceived(t); t++) {
            cumTsn = t;
            setReceived(t, false);
        }
        for (int i = 0; i < entries; i++) {
            InboundStream s = stream(streamIds[i]);
            int skipped = ssns[i];
            if (((skipped - s.nextSsn) & 0xFFFF) >= 0x8000) {
                continue; // already past it
            }
            if (s.pending != null) {
                // Held messages up to the skipped SSN go out in order, then delivery resumes after it.
                for (int q = s.nextSsn; ((skipped - q) & 0xFFFF) < 0x8000; q = (q + 1) & 0xFFFF) {
                    Pending p = s.pending.remove(q);
                    if (p != null) {
                        bytesHeld -= p.data.length;
                        delivery.deliver(streamIds[i], p.ppid, p.data, false);
                    }
                    if (q == skipped) {
                        break;
                    }
                }
            }
            s.nextSsn = (skipped + 1) & 0xFFFF;
            drainInOrder(streamIds[i], s);
        }
    }

    /** Whether every TSN up to {@code tsn} has arrived (for RFC 6525 reset requests). */
    boolean receivedThrough(int tsn) {
        return tsn - cumTsn <= 0;
    }

    /** Resets incoming streams' SSNs to 0 (RFC 6525 5.2.2); held messages of those streams are discarded. */
    void resetStreams(int[] ids) {
        for (int id : ids) {
            if (id < streams.length && streams[id] != null) {
                InboundStream s = streams[id];
                if (s.pending != null) {
                    for (Pending p : s.pending.values()) {
                        bytesHeld -= p.data.length;
                    }
                    s.pending = null;
                }
                s.nextSsn = 0;
            }
        }
    }

    /** Resets every incoming stream (a reset request with an empty list). */
    void resetAllStreams() {
        for (int i = 0; i < streams.length; i++) {
            if (streams[i] != null) {
                resetStreams(new int[] {i});
            }
        }
    }

    /** Writes a SACK of at most {@code room} bytes; returns its size. Clears the duplicate list. */
    int writeSack(byte[] b, int off, int room) {
        int maxBlocks = Math.max(0, (room - SackChunk.FIXED_SIZE) / 4);
        int nd = Math.min(dupCount, Math.max(0, maxBlocks / 2));
        int maxGaps = maxBlocks - nd;
        int p = off + SackChunk.FIXED_SIZE;
        int gaps = 0;
        int t = cumTsn + 1;
        while (t - highestTsn <= 0 && gaps < maxGaps) {
            while (t - highestTsn <= 0 && !isReceived(t)) {
                t++;
            }
            if (t - highestTsn > 0) {
                break;
            }
            int start = t;
            while (t - highestTsn <= 0 && isReceived(t)) {
                t++;
            }
            int s = start - cumTsn;
            int e = t - 1 - cumTsn;
            if (e > 0xFFFF) {
                break;
            }
            Bytes.put16(b, p, s);
            Bytes.put16(b, p + 2, e);
            p += 4;
            gaps++;
        }
        for (int i = 0; i < nd; i++) {
            Bytes.put32(b, p, dups[i]);
            p += 4;
        }
        dupCount = 0;
        SackChunk.writeFixed(b, off, cumTsn, rwnd(), gaps, nd);
        return p - off;
    }

    String checkInvariants() {
        if (highestTsn - cumTsn < 0) {
            return "highest TSN " + highestTsn + " below cumulative " + cumTsn;
        }
        if (isReceived(cumTsn + 1) && cumTsn != highestTsn) {
            return "cumulative TSN " + cumTsn + " not advanced over a received TSN";
        }
        if (bytesHeld < 0 || heldFragments < 0) {
            return "negative holdings " + bytesHeld + "/" + heldFragments;
        }
        return null;
    }
}

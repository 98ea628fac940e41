package dev.robusta.sctp.core;

import dev.robusta.sctp.wire.Bytes;
import dev.robusta.sctp.wire.Chunk;
import dev.robusta.sctp.wire.DataChunk;
import dev.robusta.sctp.wire.SackChunk;
import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * The receiver: which TSNs arrived (a bit ring from the cumulative TSN, for SACK gap blocks and duplicates),
 * reassembly of fragmented messages (fragments of one message have consecutive TSNs), ordered delivery per stream
 * by SSN, unordered delivery at once, FORWARD TSN (RFC 3758 section 3.6) and incoming stream resets (RFC 6525).
 *
 * <p>Copies: an unfragmented message is copied once, from the packet into its own array, which is what the
 * application receives. A fragment is copied once into a pooled slab; when its message completes, the slabs are
 * copied once into the message's array and go back to the pool.
 */
final class ReceiveQueue {
    /** Where complete messages go, in delivery order. */
    interface Delivery {
        void deliver(int stream, int ppid, byte[] data, boolean unordered);
    }

    /** What happened to a DATA chunk. */
    enum Outcome { NEW, DUPLICATE, OUT_OF_WINDOW, NO_BUFFER_SPACE, SLOT_CONFLICT }

    private static final class Fragment {
        int tsn;
        int stream;
        int ssn;
        int ppid;
        int flags;
        byte[] data;
        int length;
        boolean present;
    }

    private static final class InboundStream {
        int nextSsn;
        HashMap<Integer, PendingMessage> pending;
    }

    private record PendingMessage(int ppid, byte[] data) {}

    private final Delivery delivery;
    private final long capacity;
    private final int maxWindow;
    private final int maxMessageSize;
    private final int slabSize;

    private long[] bits;
    private Fragment[] slots;
    private int mask;
    private int cumTsn;
    private int highest;
    private int fragmentsHeld;
    /** Lower bound of the TSNs of held fragments. */
    private int oldestFragmentTsn;
    private long bytesBuffered;
    private InboundStream[] streams = new InboundStream[8];
    private final ArrayDeque<byte[]> slabPool = new ArrayDeque<>();
    private int slabsCreated;

    private final int[] dups = new int[16];
    private int dupCount;
    private long lastAdvertisedRwnd;

    // Statistics.
    long duplicates;
    long droppedOutOfWindow;
    long droppedNoSpace;
    long oversizedMessages;

    ReceiveQueue(Delivery delivery, long capacity, int maxMessageSize, int mtu) {
        this.delivery = delivery;
        this.capacity = capacity;
        this.maxMessageSize = maxMessageSize;
        this.slabSize = mtu;
        this.maxWindow = 1 << 18;
        int size = 1024;
        this.bits = new long[size / 64];
        this.slots = new Fragment[size];
        this.mask = size - 1;
        this.lastAdvertisedRwnd = capacity;
    }

    void start(int peerInitialTsn) {
        cumTsn = peerInitialTsn - 1;
        highest = cumTsn;
        oldestFragmentTsn = peerInitialTsn;
    }

    int cumulativeTsn() {
        return cumTsn;
    }

    long bytesBuffered() {
        return bytesBuffered;
    }

    boolean hasGaps() {
        return highest != cumTsn;
    }

    boolean hasDuplicates() {
        return dupCount > 0;
    }

    long rwnd() {
        return Math.max(0, capacity - bytesBuffered);
    }

    /** The window opened widely since the last SACK (a window update is worth sending). */
    boolean windowReopened() {
        return lastAdvertisedRwnd < capacity / 4 && rwnd() >= capacity / 2;
    }

    private boolean isSet(int tsn) {
        int i = tsn & mask;
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    private void set(int tsn) {
        int i = tsn & mask;
        bits[i >>> 6] |= 1L << i;
    }

    private void clear(int tsn) {
        int i = tsn & mask;
        bits[i >>> 6] &= ~(1L << i);
    }

    /** Doubles the rings so that TSNs up to {@code tsn} (and held fragments) fit. */
    private boolean ensureWindow(int tsn) {
        int low = cumTsn;
        if (fragmentsHeld > 0) {
            while (fragment(oldestFragmentTsn) == null) {
                oldestFragmentTsn++;
            }
            if (oldestFragmentTsn - cumTsn <= 0) {
                low = oldestFragmentTsn - 1;
            }
        }
        while (tsn - low >= bits.length * 64) {
            int size = bits.length * 64 * 2;
            if (size > maxWindow * 2) {
                return false;
            }
            long[] nb = new long[size / 64];
            Fragment[] ns = new Fragment[size];
            int nm = size - 1;
            for (int t = cumTsn + 1; t - highest <= 0; t++) {
                if (isSet(t)) {
                    nb[(t & nm) >>> 6] |= 1L << (t & nm);
                }
            }
            if (fragmentsHeld > 0) {
                for (Fragment f : slots) {
                    if (f != null && f.present) {
                        ns[f.tsn & nm] = f;
                    }
                }
            }
            bits = nb;
            slots = ns;
            mask = nm;
        }
        return true;
    }

    /**
     * Takes one DATA chunk (already length-checked: at least one byte of user data) at {@code off} in {@code b}.
     */
    Outcome onData(byte[] b, int off, int len) {
        int tsn = DataChunk.tsn(b, off);
        if (tsn - cumTsn <= 0 || (tsn - highest <= 0 && isSet(tsn))) {
            duplicates++;
            if (dupCount < dups.length) {
                dups[dupCount++] = tsn;
            }
            return Outcome.DUPLICATE;
        }
        if (tsn - cumTsn > maxWindow) {
            droppedOutOfWindow++;
            return Outcome.OUT_OF_WINDOW;
        }
        // 6.2: with no room left, drop chunks beyond the highest TSN received; holes below it may still be filled.
        if (bytesBuffered >= capacity && tsn - highest > 0) {
            droppedNoSpace++;
            return Outcome.NO_BUFFER_SPACE;
        }
        if (!ensureWindow(tsn)) {
            droppedOutOfWindow++;
            return Outcome.OUT_OF_WINDOW;
        }
        int flags = Chunk.flags(b, off);
        int payloadLen = len - DataChunk.HEADER_SIZE;
        int stream = DataChunk.streamId(b, off);
        int ssn = DataChunk.ssn(b, off);
        int ppid = DataChunk.ppid(b, off);
        boolean unordered = (flags & DataChunk.FLAG_UNORDERED) != 0;
        boolean whole = (flags & (DataChunk.FLAG_BEGINNING | DataChunk.FLAG_ENDING))
                == (DataChunk.FLAG_BEGINNING | DataChunk.FLAG_ENDING);
        if (!whole) {
            Fragment f = slots[tsn & mask];
            if (f != null && f.present) {
                droppedOutOfWindow++;
                return Outcome.SLOT_CONFLICT;
            }
            if (f == null) {
                f = new Fragment();
                slots[tsn & mask] = f;
            }
            byte[] slab = slab(payloadLen);
            System.arraycopy(b, off + DataChunk.HEADER_SIZE, slab, 0, payloadLen);
            f.tsn = tsn;
            f.stream = stream;
            f.ssn = ssn;
            f.ppid = ppid;
            f.flags = flags;
            f.data = slab;
            f.length = payloadLen;
            f.present = true;
            if (fragmentsHeld == 0 || tsn - oldestFragmentTsn < 0) {
                oldestFragmentTsn = tsn;
            }
            fragmentsHeld++;
            bytesBuffered += payloadLen;
        }
        markReceived(tsn);
        if (whole) {
            byte[] data = new byte[payloadLen];
            System.arraycopy(b, off + DataChunk.HEADER_SIZE, data, 0, payloadLen);
            complete(stream, ssn, ppid, unordered, data);
        } else {
            tryReassemble(tsn);
        }
        return Outcome.NEW;
    }

    private byte[] slab(int len) {
        if (len > slabSize) {
            return new byte[len]; // a peer with a larger MTU than ours: rare, not pooled
        }
        byte[] s = slabPool.poll();
        if (s == null) {
            s = new byte[slabSize];
            slabsCreated++;
        }
        return s;
    }

    private void release(Fragment f) {
        if (f.data.length == slabSize) {
            slabPool.push(f.data);
        }
        f.data = null;
        f.present = false;
        fragmentsHeld--;
        bytesBuffered -= f.length;
    }

    private void markReceived(int tsn) {
        set(tsn);
        if (tsn - highest > 0) {
            highest = tsn;
        }
        if (tsn == cumTsn + 1) {
            while (isSet(cumTsn + 1)) {
                cumTsn++;
                clear(cumTsn);
                if (cumTsn == highest) {
                    break;
                }
            }
        }
    }

    private Fragment fragment(int tsn) {
        Fragment f = slots[tsn & mask];
        return f != null && f.present && f.tsn == tsn ? f : null;
    }

    /** Looks for the whole message around the fragment at {@code tsn}; delivers it if complete. */
    private void tryReassemble(int tsn) {
        Fragment at = fragment(tsn);
        int first = tsn;
        Fragment f = at;
        while ((f.flags & DataChunk.FLAG_BEGINNING) == 0) {
            Fragment prev = fragment(first - 1);
            if (prev == null || (prev.flags & DataChunk.FLAG_ENDING) != 0 || prev.stream != at.stream) {
                return;
            }
            first--;
            f = prev;
        }
        int last = tsn;
        f = at;
        while ((f.flags & DataChunk.FLAG_ENDING) == 0) {
            Fragment next = fragment(last + 1);
            if (next == null || (next.flags & DataChunk.FLAG_BEGINNING) != 0 || next.stream != at.stream) {
                return;
            }
            last++;
            f = next;
        }
        long total = 0;
        for (int t = first; t - last <= 0; t++) {
            total += fragment(t).length;
        }
        Fragment head = fragment(first);
        int stream = head.stream;
        int ssn = head.ssn;
        int ppid = head.ppid;
        boolean unordered = (head.flags & DataChunk.FLAG_UNORDERED) != 0;
        if (total > maxMessageSize) {
            oversizedMessages++;
            for (int t = first; t - last <= 0; t++) {
                release(fragment(t));
            }
            complete(stream, ssn, ppid, unordered, null);
            return;
        }
        byte[] data = new byte[(int) total];
        int p = 0;
        for (int t = first; t - last <= 0; t++) {
            Fragment x = fragment(t);
            System.arraycopy(x.data, 0, data, p, x.length);
            p += x.length;
            release(x);
        }
        complete(stream, ssn, ppid, unordered, data);
    }

    private InboundStream stream(int id) {
        if (id >= streams.length) {
            int n = streams.length;
            while (n <= id) {
                n *= 2;
            }
            streams = java.util.Arrays.copyOf(streams, Math.min(n, 65536));
        }
        InboundStream s = streams[id];
        if (s == null) {
            s = new InboundStream();
            streams[id] = s;
        }
        return s;
    }

    /** A complete message ({@code data} null when it was dropped as oversized: its SSN is still consumed). */
    private void complete(int streamId, int ssn, int ppid, boolean unordered, byte[] data) {
        if (unordered) {
            if (data != null) {
                delivery.deliver(streamId, ppid, data, true);
            }
            return;
        }
        InboundStream s = stream(streamId);
        int ahead = (ssn - s.nextSsn) & 0xFFFF;
        if (ahead == 0) {
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            if (data != null) {
                delivery.deliver(streamId, ppid, data, false);
            }
            drainPending(streamId, s);
        } else if (ahead < 0x8000) {
            if (s.pending == null) {
                s.pending = new HashMap<>();
            }
            PendingMessage old = s.pending.put(ssn, new PendingMessage(ppid, data));
            if (old != null && old.data != null) {
                bytesBuffered -= old.data.length;
            }
            if (data != null) {
                bytesBuffered += data.length;
            }
        }
        // An SSN behind the expected one is stale (sent before a stream reset, or a peer error): dropped.
    }

    private void drainPending(int streamId, InboundStream s) {
        if (s.pending == null) {
            return;
        }
        while (!s.pending.isEmpty()) {
            PendingMessage m = s.pending.remove(s.nextSsn);
            if (m == null) {
                return;
            }
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            if (m.data != null) {
                bytesBuffered -= m.data.length;
                delivery.deliver(streamId, m.ppid, m.data, false);
            }
        }
    }

    /**
     * FORWARD TSN (RFC 3758 section 3.6): moves the cumulative TSN, drops the fragments it passes, and moves each
     * listed ordered stream past the skipped SSN. Returns false when the new TSN is out of the window (ignored).
     */
    boolean onForwardTsn(int newCum, int[] streamIds, int[] ssns, int entries) {
        if (newCum - cumTsn <= 0) {
            return true;
        }
        if (newCum - cumTsn > maxWindow) {
            return false;
        }
        if (!ensureWindow(newCum)) {
            return false;
        }
        for (int t = cumTsn + 1; t - newCum <= 0; t++) {
            clear(t);
        }
        if (fragmentsHeld > 0) {
            int from = oldestFragmentTsn;
            if (newCum - from >= slots.length) {
                from = newCum - slots.length + 1;
            }
            for (int t = from; t - newCum <= 0 && fragmentsHeld > 0; t++) {
                Fragment f = fragment(t);
                if (f != null) {
                    release(f);
                }
            }
            oldestFragmentTsn = newCum + 1;
        }
        cumTsn = newCum;
        if (highest - newCum < 0) {
            highest = newCum;
        }
        while (cumTsn != highest && isSet(cumTsn + 1)) {
            cumTsn++;
            clear(cumTsn);
        }
        for (int i = 0; i < entries; i++) {
            InboundStream s = stream(streamIds[i]);
            int ssn = ssns[i];
            int ahead = (ssn - s.nextSsn) & 0xFFFF;
            if (ahead < 0x8000) {
                // Drop anything pending up to the skipped SSN, then deliver what follows.
                if (s.pending != null) {
                    for (int k = s.nextSsn; k != ((ssn + 1) & 0xFFFF); k = (k + 1) & 0xFFFF) {
                        PendingMessage m = s.pending.remove(k);
                        if (m != null && m.data != null) {
                            bytesBuffered -= m.data.length;
                        }
                    }
                }
                s.nextSsn = (ssn + 1) & 0xFFFF;
                drainPending(streamIds[i], s);
            }
        }
        return true;
    }

    /** Whether every TSN up to {@code tsn} has arrived (deferred stream reset, RFC 6525 section 5.2.2). */
    boolean receivedThrough(int tsn) {
        return tsn - cumTsn <= 0;
    }

    /** Resets the incoming SSNs of the streams (all when {@code streamIds} is empty). */
    void resetStreams(int[] streamIds) {
        if (streamIds.length == 0) {
            for (int i = 0; i < streams.length; i++) {
                resetStream(streams[i]);
            }
        } else {
            for (int id : streamIds) {
                if (id < streams.length) {
                    resetStream(streams[id]);
                }
            }
        }
    }

    private void resetStream(InboundStream s) {
        if (s == null) {
            return;
        }
        s.nextSsn = 0;
        if (s.pending != null) {
            for (PendingMessage m : s.pending.values()) {
                if (m.data != null) {
                    bytesBuffered -= m.data.length;
                }
            }
            s.pending.clear();
        }
    }

    /** The size of the SACK {@link #writeSack} would write (at most {@code room} bytes). */
    int writeSack(byte[] b, int off, int room) {
        int maxBlocks = Math.max(0, (room - SackChunk.FIXED_SIZE) / 4);
        int gaps = 0;
        int p = off + SackChunk.FIXED_SIZE;
        if (highest != cumTsn) {
            int t = cumTsn + 1;
            while (t - highest <= 0 && gaps < maxBlocks) {
                // Find the next received TSN, then the end of its run.
                while (t - highest <= 0 && !isSet(t)) {
                    t++;
                }
                if (t - highest > 0) {
                    break;
                }
                int start = t;
                while (t - highest <= 0 && isSet(t)) {
                    t++;
                }
                int startOff = start - cumTsn;
                int endOff = t - 1 - cumTsn;
                if (endOff > 0xFFFF) {
                    break;
                }
                Bytes.put16(b, p, startOff);
                Bytes.put16(b, p + 2, endOff);
                p += 4;
                gaps++;
            }
        }
        int nd = Math.min(dupCount, Math.max(0, maxBlocks - gaps));
        for (int i = 0; i < nd; i++) {
            Bytes.put32(b, p, dups[i]);
            p += 4;
        }
        dupCount = 0;
        long rwnd = rwnd();
        lastAdvertisedRwnd = rwnd;
        SackChunk.writeFixed(b, off, cumTsn, rwnd, gaps, nd);
        return p - off;
    }

    /** Frees everything (the association closed). */
    void clear() {
        for (Fragment f : slots) {
            if (f != null) {
                f.present = false;
                f.data = null;
            }
        }
        fragmentsHeld = 0;
        bytesBuffered = 0;
        slabPool.clear();
        streams = new InboundStream[8];
    }

    int slabsCreated() {
        return slabsCreated;
    }
}

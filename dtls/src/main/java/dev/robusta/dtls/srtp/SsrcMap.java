package dev.robusta.dtls.srtp;

/**
 * A small map from SSRC to per-stream state: open addressing with linear probing over a table sized once for
 * the configured stream limit, so lookups allocate nothing. Removal shifts later entries back (no tombstones).
 */
final class SsrcMap<V> {
    private final int[] keys;
    private final Object[] values;
    private final int mask;
    private final int capacity;
    private int size;

    SsrcMap(int maxEntries) {
        int tableSize = Integer.highestOneBit(Math.max(4, maxEntries * 2 - 1)) << 1;
        keys = new int[tableSize];
        values = new Object[tableSize];
        mask = tableSize - 1;
        capacity = maxEntries;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size >= capacity;
    }

    @SuppressWarnings("unchecked")
    V get(int ssrc) {
        for (int i = slot(ssrc); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == ssrc) {
                return (V) v;
            }
        }
    }

    /** Adds or replaces; the caller checks {@link #isFull} before adding a new key. */
    void put(int ssrc, V value) {
        int i = slot(ssrc);
        while (values[i] != null) {
            if (keys[i] == ssrc) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        if (size >= capacity) {
            throw new IllegalStateException("SSRC map full");
        }
        keys[i] = ssrc;
        values[i] = value;
        size++;
    }

    /** Removes the key; returns its value, or null if absent. */
    @SuppressWarnings("unchecked")
    V remove(int ssrc) {
        int i = slot(ssrc);
        while (values[i] != null && keys[i] != ssrc) {
            i = (i + 1) & mask;
        }
        Object removed = values[i];
        if (removed == null) {
            return null;
        }
        values[i] = null;
        size--;
        // Move back any later entry of the same probe run that could no longer be found past the hole.
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            boolean reachable = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!reachable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                values[j] = null;
                hole = j;
            }
        }
        return (V) removed;
    }

    private int slot(int ssrc) {
        int h = ssrc * 0x9E3779B9; // SSRCs are random, but a peer chooses them: spread them anyway
        return (h ^ (h >>> 16)) & mask;
    }
}

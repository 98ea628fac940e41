package dev.robusta.dtls.srtp;

/**
 * A sliding window of received packet indexes (RFC 3711 section 3.3.2): the newest index seen, and one bit for
 * each of the {@code size} indexes up to it. Indexes are 48-bit SRTP indexes or 31-bit SRTCP indexes.
 */
final class ReplayWindow {
    private final long[] bits; // bit (newest - index) set when index was received; bit 0 is newest itself
    private final int size;
    private long newest = -1;

    ReplayWindow(int size) {
        this.size = size;
        this.bits = new long[size / 64];
    }

    void reset() {
        newest = -1;
        java.util.Arrays.fill(bits, 0L);
    }

    long newest() {
        return newest;
    }

    /** Null when the index may be accepted, else why not. Changes nothing. */
    SrtpException.Reason check(long index) {
        if (index > newest) {
            return null;
        }
        long age = newest - index;
        if (age >= size) {
            return SrtpException.Reason.TOO_OLD;
        }
        int a = (int) age;
        return (bits[a >>> 6] & (1L << a)) != 0 ? SrtpException.Reason.REPLAYED : null;
    }

    /** Records an index that passed {@link #check} and authentication. */
    void accept(long index) {
        if (index > newest) {
            long shift = newest < 0 ? size : index - newest;
            shiftBy(shift);
            newest = index;
            bits[0] |= 1L;
        } else {
            int a = (int) (newest - index);
            bits[a >>> 6] |= 1L << a;
        }
    }

    /** Ages every recorded index by {@code shift}: bit i moves to bit i + shift; bits past the window drop. */
    private void shiftBy(long shift) {
        int words = bits.length;
        if (shift >= size) {
            java.util.Arrays.fill(bits, 0L);
            return;
        }
        int wordShift = (int) (shift >>> 6);
        int bitShift = (int) (shift & 63);
        for (int w = words - 1; w >= 0; w--) {
            int src = w - wordShift;
            long v = 0;
            if (src >= 0) {
                v = bits[src] << bitShift;
                if (bitShift != 0 && src - 1 >= 0) {
                    v |= bits[src - 1] >>> (64 - bitShift);
                }
            }
            bits[w] = v;
        }
    }
}

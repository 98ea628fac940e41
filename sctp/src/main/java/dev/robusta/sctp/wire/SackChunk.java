package dev.robusta.sctp.wire;

/**
 * SACK (RFC 9260 section 3.3.4), parsed into this reusable holder (no allocation per SACK once the arrays have
 * grown) and written straight from the receiver's state.
 *
 * <pre>
 *  type=3 | flags=0 | length
 *  cumulative TSN ack (32)
 *  advertised receiver window credit (32)
 *  number of gap ack blocks (16) | number of duplicate TSNs (16)
 *  gap ack block start (16) | gap ack block end (16)      ... offsets from the cumulative TSN ack
 *  duplicate TSN (32) ...
 * </pre>
 */
public final class SackChunk {
    public static final int FIXED_SIZE = 16;

    private int cumulativeTsnAck;
    private long aRwnd;
    private int gapCount;
    private int dupCount;
    private int[] gapStarts = new int[16];
    private int[] gapEnds = new int[16];
    private int[] dups = new int[8];

    /**
     * Parses a SACK of {@code len} bytes at {@code off} into this holder.
     *
     * @throws SctpParseException when the counts do not match the length
     */
    public void parse(byte[] b, int off, int len) throws SctpParseException {
        if (len < FIXED_SIZE) {
            throw new SctpParseException("SACK shorter than 16 bytes");
        }
        int gaps = Bytes.u16(b, off + 12);
        int nd = Bytes.u16(b, off + 14);
        if (FIXED_SIZE + 4 * gaps + 4 * nd != len) {
            throw new SctpParseException("SACK length " + len + " does not match " + gaps + " gap blocks and "
                    + nd + " duplicate TSNs");
        }
        cumulativeTsnAck = Bytes.i32(b, off + 4);
        aRwnd = Bytes.u32(b, off + 8);
        if (gaps > gapStarts.length) {
            gapStarts = new int[gaps];
            gapEnds = new int[gaps];
        }
        if (nd > dups.length) {
            dups = new int[nd];
        }
        int p = off + FIXED_SIZE;
        for (int i = 0; i < gaps; i++, p += 4) {
            int s = Bytes.u16(b, p);
            int e = Bytes.u16(b, p + 2);
            if (s == 0 || e < s) {
                throw new SctpParseException("SACK gap block " + s + "-" + e + " is invalid");
            }
            gapStarts[i] = s;
            gapEnds[i] = e;
        }
        for (int i = 0; i < nd; i++, p += 4) {
            dups[i] = Bytes.i32(b, p);
        }
        gapCount = gaps;
        dupCount = nd;
    }

    /** Makes this holder a SACK without gap blocks or duplicates (for the cumulative ack a SHUTDOWN carries). */
    public void setCumulativeOnly(int cumulativeTsnAck, long aRwnd) {
        this.cumulativeTsnAck = cumulativeTsnAck;
        this.aRwnd = aRwnd;
        this.gapCount = 0;
        this.dupCount = 0;
    }

    public int cumulativeTsnAck() {
        return cumulativeTsnAck;
    }

    public long aRwnd() {
        return aRwnd;
    }

    public int gapCount() {
        return gapCount;
    }

    /** Offset from the cumulative TSN ack of the first TSN of gap block {@code i} (1-based offsets, RFC 9260). */
    public int gapStart(int i) {
        return gapStarts[i];
    }

    public int gapEnd(int i) {
        return gapEnds[i];
    }

    public int duplicateCount() {
        return dupCount;
    }

    public int duplicate(int i) {
        return dups[i];
    }

    /** Writes the fixed part; the caller then writes {@code gaps} blocks and {@code dupCount} TSNs after it. */
    public static void writeFixed(byte[] b, int off, int cumulativeTsnAck, long aRwnd, int gaps, int dupCount) {
        Chunk.writeHeader(b, off, Chunk.SACK, 0, FIXED_SIZE + 4 * gaps + 4 * dupCount);
        Bytes.put32(b, off + 4, cumulativeTsnAck);
        Bytes.put32(b, off + 8, aRwnd);
        Bytes.put16(b, off + 12, gaps);
        Bytes.put16(b, off + 14, dupCount);
    }
}

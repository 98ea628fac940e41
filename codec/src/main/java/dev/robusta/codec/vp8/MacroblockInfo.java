package dev.robusta.codec.vp8;

/**
 * Per-macroblock modes, references, motion vectors and flags of the frame being decoded, as parallel arrays with a
 * border: a row above the frame and a column to its left (shared with the previous row's end) that stay zero, i.e.
 * intra, DC_PRED, no motion, exactly as libvpx's mode info border reads. Index with {@link #index(int, int)}.
 */
final class MacroblockInfo {
    final int mbCols;
    final int mbRows;
    final int stride;
    final byte[] yMode;
    final byte[] uvMode;
    final byte[] refFrame;
    /** 1 when the macroblock has no non-zero coefficients (as coded, then as found by token decoding). */
    final byte[] skip;
    /** 1 when some motion vector of the macroblock points far enough outside the frame to need clamping. */
    final byte[] needClamp;
    /** SPLITMV partitioning: 0 16x8, 1 8x16, 2 8x8 quarters, 3 4x4. */
    final byte[] partitioning;
    /** Packed macroblock motion vector ({@link Modes#mv}). */
    final int[] mv;
    /** 16 per macroblock: subblock intra modes of B_PRED macroblocks, or subblock motion vectors of SPLITMV ones. */
    final int[] sub;
    /** Segment ids, which persist across frames unless a frame updates the map. */
    byte[] segment;
    /** Where a frame that updates the segment map writes it, swapped in when the frame decodes cleanly. */
    byte[] segmentScratch;

    MacroblockInfo(int mbCols, int mbRows) {
        this.mbCols = mbCols;
        this.mbRows = mbRows;
        this.stride = mbCols + 1;
        int n = (mbRows + 1) * stride + 1;
        yMode = new byte[n];
        uvMode = new byte[n];
        refFrame = new byte[n];
        skip = new byte[n];
        needClamp = new byte[n];
        partitioning = new byte[n];
        mv = new int[n];
        sub = new int[n * 16];
        segment = new byte[n];
        segmentScratch = new byte[n];
    }

    int index(int mbRow, int mbCol) {
        return (mbRow + 1) * stride + mbCol + 1;
    }

    void swapSegmentMaps() {
        byte[] t = segment;
        segment = segmentScratch;
        segmentScratch = t;
    }
}

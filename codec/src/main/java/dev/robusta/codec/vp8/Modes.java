package dev.robusta.codec.vp8;

/** Prediction mode and reference frame numbers, as RFC 6386 and libvpx number them. */
final class Modes {
    private Modes() {
    }

    // Macroblock-level modes (RFC 6386 sections 11.2, 16.1).
    static final int DC_PRED = 0;
    static final int V_PRED = 1;
    static final int H_PRED = 2;
    static final int TM_PRED = 3;
    static final int B_PRED = 4;
    static final int NEARESTMV = 5;
    static final int NEARMV = 6;
    static final int ZEROMV = 7;
    static final int NEWMV = 8;
    static final int SPLITMV = 9;

    // Subblock intra modes (RFC 6386 section 11.2).
    static final int B_DC_PRED = 0;
    static final int B_TM_PRED = 1;
    static final int B_VE_PRED = 2;
    static final int B_HE_PRED = 3;
    static final int B_LD_PRED = 4;
    static final int B_RD_PRED = 5;
    static final int B_VR_PRED = 6;
    static final int B_VL_PRED = 7;
    static final int B_HD_PRED = 8;
    static final int B_HU_PRED = 9;

    // Reference frames.
    static final int INTRA_FRAME = 0;
    static final int LAST_FRAME = 1;
    static final int GOLDEN_FRAME = 2;
    static final int ALTREF_FRAME = 3;

    /**
     * Motion vectors are kept as libvpx keeps them: two 16-bit components, row and column, in 1/8 pel (luma vectors
     * are quarter-pel values doubled), packed in one int so that equality and zero tests compare both at once.
     */
    static int mv(int row, int col) {
        return (row << 16) | (col & 0xffff);
    }

    static int mvRow(int mv) {
        return mv >> 16;
    }

    static int mvCol(int mv) {
        return (short) mv;
    }
}

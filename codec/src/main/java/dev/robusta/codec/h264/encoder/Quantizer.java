package dev.robusta.codec.h264.encoder;

/**
 * Forward quantization of 4x4 transform coefficients (H.264 8.5.12's inverse, as in the JM reference model):
 * {@code level = (|c| * MF + f) >> qbits} with a dead zone {@code f} of a third of a step for intra blocks and a
 * an eighth for inter blocks, which favours zeros where prediction is already good.
 */
final class Quantizer {
    /** Multiplication factors MF for qp % 6, by position class (0: (0,0)-like, 1: (1,1)-like, 2: others). */
    private static final int[][] MF = {
            {13107, 5243, 8066}, {11916, 4660, 7490}, {10082, 4194, 6554},
            {9362, 3647, 5825}, {8192, 3355, 5243}, {7282, 2893, 4559}};
    /** Position class of each raster position of a 4x4 block. */
    private static final int[] POSITION_CLASS = {0, 2, 0, 2, 2, 1, 2, 1, 0, 2, 0, 2, 2, 1, 2, 1};
    /** Baseline streams cannot code a level_prefix above 15; stay well inside what it can code. */
    static final int MAX_LEVEL = 2000;

    private static final int[][] MF_BY_POSITION = new int[6][16];

    static {
        for (int q = 0; q < 6; q++) {
            for (int i = 0; i < 16; i++) {
                MF_BY_POSITION[q][i] = MF[q][POSITION_CLASS[i]];
            }
        }
    }

    private Quantizer() {
    }

    /**
     * Quantizes {@code c[from..16)} in place.
     *
     * @return the sum of the absolute levels (0 when the block quantizes to nothing)
     */
    static int quantize4x4(int[] c, int from, int qp, boolean intra) {
        int qbits = 15 + qp / 6;
        int f = intra ? (1 << qbits) / 3 : (1 << qbits) / 8;
        int[] mf = MF_BY_POSITION[qp % 6];
        int sum = 0;
        for (int i = from; i < 16; i++) {
            int v = c[i];
            int a = v < 0 ? -v : v;
            int level = Math.min((a * mf[i] + f) >> qbits, MAX_LEVEL);
            sum += level;
            c[i] = v < 0 ? -level : level;
        }
        return sum;
    }

    /** Quantizes DC coefficients already through their Hadamard transform (luma 4x4 or chroma 2x2). */
    static int quantizeDc(int[] c, int n, int qp, boolean intra) {
        int qbits = 16 + qp / 6;
        int f = intra ? (1 << qbits) / 3 : (1 << qbits) / 8;
        int mf = MF[qp % 6][0];
        int sum = 0;
        for (int i = 0; i < n; i++) {
            int v = c[i];
            int a = v < 0 ? -v : v;
            int level = Math.min((a * mf + f) >> qbits, MAX_LEVEL);
            sum += level;
            c[i] = v < 0 ? -level : level;
        }
        return sum;
    }
}

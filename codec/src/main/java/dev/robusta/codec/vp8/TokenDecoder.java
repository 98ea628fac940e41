package dev.robusta.codec.vp8;

import java.util.Arrays;

/**
 * Decodes one macroblock's residual tokens (RFC 6386 section 13) into dequantized coefficients: up to 25 blocks of
 * 16 (16 luma, 4 U, 4 V, then the Y2 block of second-order luma DC values), each in natural (not zig-zag) order.
 * Keeps the above and left "has coefficients" contexts that select token probabilities.
 *
 * <p>Dequantized values are truncated to 16 bits as libvpx stores them, so that even absurd (corrupt but
 * decodable) coefficients reconstruct exactly as libvpx does.
 */
final class TokenDecoder {
    /** Coefficient position to probability band (RFC 6386 section 13.3); entry 16 is a sentinel. */
    static final int[] BANDS = {0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 0};
    /** Scan order to raster position (RFC 6386 section 13.3). */
    static final int[] ZIGZAG = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};
    private static final int[] CAT3 = {173, 148, 140};
    private static final int[] CAT4 = {176, 155, 140, 135};
    private static final int[] CAT5 = {180, 157, 141, 134, 130};
    private static final int[] CAT6 = {254, 254, 243, 230, 196, 177, 153, 140, 133, 130, 129};
    static final int[][] CATS = {CAT3, CAT4, CAT5, CAT6};

    // Block types, which select the probability set.
    static final int TYPE_Y_AFTER_Y2 = 0;
    static final int TYPE_Y2 = 1;
    static final int TYPE_CHROMA = 2;
    static final int TYPE_Y_WITH_DC = 3;

    /** Per macroblock column: 4 luma, 2 U, 2 V, 1 Y2 context flags of the blocks above. */
    private int[] above = new int[0];
    /** The same for the macroblock to the left. */
    private final int[] left = new int[9];

    /** Prepares the above contexts for a frame {@code mbCols} macroblocks wide. */
    void startFrame(int mbCols) {
        if (above.length < mbCols * 9) {
            above = new int[mbCols * 9];
        } else {
            Arrays.fill(above, 0, mbCols * 9, 0);
        }
    }

    /** Clears the left contexts at the start of a macroblock row. */
    void startRow() {
        Arrays.fill(left, 0);
    }

    /**
     * Clears the contexts of a macroblock without coefficients: all but Y2, whose context is kept by macroblocks
     * that have no Y2 block (B_PRED, SPLITMV).
     */
    void skipMacroblock(int mbCol, boolean hasY2) {
        int a = mbCol * 9;
        for (int k = 0; k < 8; k++) {
            above[a + k] = 0;
            left[k] = 0;
        }
        if (hasY2) {
            above[a + 8] = 0;
            left[8] = 0;
        }
    }

    /**
     * Decodes the tokens of the macroblock at {@code mbCol}.
     *
     * @param coeffs receives 25 x 16 dequantized coefficients; must be all zero on entry
     * @param eobs   receives, per block, the end-of-block position (0: no coefficients; for luma blocks after Y2,
     *               the count includes the DC slot, so values above 1 mean AC coefficients are present)
     * @param q      dequantization factors: y1 DC, y1 AC, y2 DC, y2 AC, uv DC, uv AC
     * @return true when any block has coefficients
     */
    boolean decode(BoolDecoder bd, int[] probs, int mbCol, boolean hasY2, int[] coeffs, int[] eobs, int[] q) {
        int a = mbCol * 9;
        int total = 0;
        int firstCoeff;
        int yType;
        if (hasY2) {
            int ctx = above[a + 8] + left[8];
            int eob = decodeBlock(bd, probs, TYPE_Y2, ctx, 0, coeffs, 24 * 16, q[2], q[3]);
            above[a + 8] = left[8] = eob > 0 ? 1 : 0;
            eobs[24] = eob;
            total += eob;
            firstCoeff = 1;
            yType = TYPE_Y_AFTER_Y2;
        } else {
            firstCoeff = 0;
            yType = TYPE_Y_WITH_DC;
        }
        for (int b = 0; b < 16; b++) {
            int ai = a + (b & 3);
            int li = b >> 2;
            int eob = decodeBlock(bd, probs, yType, above[ai] + left[li], firstCoeff, coeffs, b * 16, q[0], q[1]);
            above[ai] = left[li] = eob > 0 ? 1 : 0;
            total += eob;
            eobs[b] = eob + firstCoeff;
        }
        for (int b = 16; b < 24; b++) {
            int plane = b < 20 ? 4 : 6;
            int ai = a + plane + (b & 1);
            int li = plane + ((b & 3) >> 1);
            int eob = decodeBlock(bd, probs, TYPE_CHROMA, above[ai] + left[li], 0, coeffs, b * 16, q[4], q[5]);
            above[ai] = left[li] = eob > 0 ? 1 : 0;
            total += eob;
            eobs[b] = eob;
        }
        return total != 0;
    }

    /**
     * Decodes one block's tokens starting at scan position {@code n}; returns the position after the last token
     * read (0 when the block ends at once).
     */
    private static int decodeBlock(BoolDecoder bd, int[] probs, int type, int ctx, int n, int[] out, int outOffset,
                                   int dcQ, int acQ) {
        int typeBase = type * (8 * 3 * 11);
        int p = typeBase + (BANDS[n] * 3 + ctx) * 11;
        if (bd.readBool(probs[p]) == 0) {
            return 0;
        }
        while (true) {
            n++;
            if (bd.readBool(probs[p + 1]) == 0) {
                // A zero token; no end-of-block can follow it directly.
                p = typeBase + BANDS[n] * 33;
            } else {
                int v;
                if (bd.readBool(probs[p + 2]) == 0) {
                    v = 1;
                    p = typeBase + BANDS[n] * 33 + 11;
                } else {
                    if (bd.readBool(probs[p + 3]) == 0) {
                        if (bd.readBool(probs[p + 4]) == 0) {
                            v = 2;
                        } else {
                            v = 3 + bd.readBool(probs[p + 5]);
                        }
                    } else if (bd.readBool(probs[p + 6]) == 0) {
                        if (bd.readBool(probs[p + 7]) == 0) {
                            v = 5 + bd.readBool(159);
                        } else {
                            v = 7 + 2 * bd.readBool(165);
                            v += bd.readBool(145);
                        }
                    } else {
                        int bit1 = bd.readBool(probs[p + 8]);
                        int bit0 = bd.readBool(probs[p + 9 + bit1]);
                        int cat = 2 * bit1 + bit0;
                        int[] extra = CATS[cat];
                        v = 0;
                        for (int e : extra) {
                            v += v + bd.readBool(e);
                        }
                        v += 3 + (8 << cat);
                    }
                    p = typeBase + BANDS[n] * 33 + 22;
                }
                if (bd.readBool(128) != 0) {
                    v = -v;
                }
                out[outOffset + ZIGZAG[n - 1]] = (short) (v * (n == 1 ? dcQ : acQ));
                if (n == 16 || bd.readBool(probs[p]) == 0) {
                    return n;
                }
            }
            if (n == 16) {
                return 16;
            }
        }
    }
}

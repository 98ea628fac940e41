package dev.robusta.codec.vp8;

import static dev.robusta.codec.vp8.Modes.mv;
import static dev.robusta.codec.vp8.Modes.mvCol;
import static dev.robusta.codec.vp8.Modes.mvRow;

/**
 * Motion vector prediction of an inter macroblock from its above, left and above-left neighbours (RFC 6386 section
 * 16.3, libvpx's {@code vp8_find_near_mvs} as its decoder runs it): the distinct neighbour vectors weighted 2, 2, 1
 * into "nearest" and "near" candidates, the counts that select the mode probabilities, and the clamped "best" vector
 * that new vectors are coded against. Shared by the decoder and the encoder so both predict alike.
 */
final class NearMvs {
    /** Motion vectors may point this far (1/8 pel) beyond the frame before they count as needing clamping. */
    static final int MARGIN = 16 << 3;

    /** Candidates: [0] zero, [1] nearest, [2] near (unclamped, after the merge and swap). */
    final int[] near = new int[4];
    /** Weights: [0] of zero or intra neighbours, [1] nearest, [2] near, [3] (before the merge) a third vector. */
    final int[] counts = new int[4];
    /** Context of the SPLITMV probability: split neighbours weighted 2, 2, 1. */
    int splitCount;
    private final int[] signBias = new int[4];

    void setSignBias(boolean golden, boolean altRef) {
        signBias[Modes.GOLDEN_FRAME] = golden ? 1 : 0;
        signBias[Modes.ALTREF_FRAME] = altRef ? 1 : 0;
    }

    /** Finds the candidates for macroblock {@code i} of {@code info} predicting from reference {@code ref}. */
    void find(MacroblockInfo info, int i, int ref) {
        int[] nr = near;
        int[] cnt = counts;
        nr[0] = nr[1] = nr[2] = nr[3] = 0;
        cnt[0] = cnt[1] = cnt[2] = cnt[3] = 0;
        int n = 0;
        int above = i - info.stride;
        int left = i - 1;
        int aboveLeft = above - 1;
        if (info.refFrame[above] != Modes.INTRA_FRAME) {
            int m = info.mv[above];
            if (m != 0) {
                nr[++n] = bias(m, info.refFrame[above], ref);
                cnt[n] += 2;
            } else {
                cnt[0] += 2;
            }
        }
        if (info.refFrame[left] != Modes.INTRA_FRAME) {
            int m = info.mv[left];
            if (m != 0) {
                int biased = bias(m, info.refFrame[left], ref);
                if (biased != nr[n]) {
                    nr[++n] = biased;
                }
                cnt[n] += 2;
            } else {
                cnt[0] += 2;
            }
        }
        if (info.refFrame[aboveLeft] != Modes.INTRA_FRAME) {
            int m = info.mv[aboveLeft];
            if (m != 0) {
                int biased = bias(m, info.refFrame[aboveLeft], ref);
                if (biased != nr[n]) {
                    nr[++n] = biased;
                }
                cnt[n] += 1;
            } else {
                cnt[0] += 1;
            }
        }
        // If the third vector equals the nearest, merge them (cnt[3] counts the third distinct vector here).
        if (cnt[3] > 0 && nr[n] == nr[1]) {
            cnt[1] += 1;
        }
        if (cnt[2] > cnt[1]) {
            int t = cnt[1];
            cnt[1] = cnt[2];
            cnt[2] = t;
            t = nr[1];
            nr[1] = nr[2];
            nr[2] = t;
        }
        splitCount = (info.yMode[above] == Modes.SPLITMV ? 2 : 0) + (info.yMode[left] == Modes.SPLITMV ? 2 : 0)
                + (info.yMode[aboveLeft] == Modes.SPLITMV ? 1 : 0);
    }

    /** Index in {@link #near} of the vector new vectors are coded against. */
    int bestIndex() {
        return counts[1] >= counts[0] ? 1 : 0;
    }

    private int bias(int m, int neighbourRef, int ref) {
        return signBias[neighbourRef] != signBias[ref] ? mv(-mvRow(m), -mvCol(m)) : m;
    }

    /** Clamps a vector so the block lies at most 16 pixels outside the frame (edges in 1/8 pel). */
    static int clamp(int m, int toLeft, int toRight, int toTop, int toBottom) {
        int col = mvCol(m);
        int row = mvRow(m);
        if (col < toLeft - MARGIN) {
            col = toLeft - MARGIN;
        } else if (col > toRight + MARGIN) {
            col = toRight + MARGIN;
        }
        if (row < toTop - MARGIN) {
            row = toTop - MARGIN;
        } else if (row > toBottom + MARGIN) {
            row = toBottom + MARGIN;
        }
        return mv(row, col);
    }
}

package dev.robusta.codec.vp8;

import static dev.robusta.codec.vp8.Modes.B_PRED;
import static dev.robusta.codec.vp8.Modes.DC_PRED;
import static dev.robusta.codec.vp8.Modes.H_PRED;
import static dev.robusta.codec.vp8.Modes.NEARESTMV;
import static dev.robusta.codec.vp8.Modes.NEARMV;
import static dev.robusta.codec.vp8.Modes.NEWMV;
import static dev.robusta.codec.vp8.Modes.SPLITMV;
import static dev.robusta.codec.vp8.Modes.TM_PRED;
import static dev.robusta.codec.vp8.Modes.V_PRED;
import static dev.robusta.codec.vp8.Modes.ZEROMV;
import static dev.robusta.codec.vp8.Modes.mv;
import static dev.robusta.codec.vp8.Modes.mvCol;
import static dev.robusta.codec.vp8.Modes.mvRow;

/**
 * Reads every macroblock's header from the first partition (RFC 6386 sections 10, 11, 16, 17, 19.3): segment id,
 * skip flag, intra modes (with the key-frame contexts of neighbouring subblocks), reference frame, inter mode from
 * the neighbours' motion vectors, split partitions and motion vectors.
 *
 * <p>Motion vector prediction, clamping and the split-MV contexts follow libvpx's decoder exactly (the RFC's text
 * and libvpx agree; where they could be read differently, libvpx is the reference).
 */
final class ModeParser {
    // Trees (RFC 6386 sections 11.2, 11.4, 16.2, 17.2): pairs of entries, positive = next pair, else -leaf.
    static final int[] KF_YMODE_TREE = {-B_PRED, 2, 4, 6, -DC_PRED, -V_PRED, -H_PRED, -TM_PRED};
    static final int[] YMODE_TREE = {-DC_PRED, 2, 4, 6, -V_PRED, -H_PRED, -TM_PRED, -B_PRED};
    static final int[] UV_MODE_TREE = {-DC_PRED, 2, -V_PRED, 4, -H_PRED, -TM_PRED};
    static final int[] BMODE_TREE = {
        -Modes.B_DC_PRED, 2, -Modes.B_TM_PRED, 4, -Modes.B_VE_PRED, 6, 8, 12, -Modes.B_HE_PRED, 10,
        -Modes.B_RD_PRED, -Modes.B_VR_PRED, -Modes.B_LD_PRED, 14, -Modes.B_VL_PRED, 16, -Modes.B_HD_PRED,
        -Modes.B_HU_PRED};
    static final int[] SMALL_MV_TREE = {2, 8, 4, 6, -0, -1, -2, -3, 10, 12, -4, -5, -6, -7};

    static final int[] KF_YMODE_PROBS = {145, 156, 163, 128};
    static final int[] KF_UV_MODE_PROBS = {142, 114, 183};
    /** Subblock mode probabilities of B_PRED macroblocks in inter frames (fixed). */
    static final int[] BMODE_PROBS = {120, 90, 79, 133, 87, 85, 80, 111, 151};

    /**
     * Split-MV subblock reference probabilities by context (left/above zero, equal), indexed
     * {@code aboveIsZero << 2 | leftIsZero << 1 | leftEqualsAbove}.
     */
    private static final int[] SUB_MV_REF_PROBS = {
        147, 136, 18,
        223, 1, 34,
        106, 145, 1,
        208, 1, 1,
        179, 121, 1,
        223, 1, 34,
        179, 121, 1,
        208, 1, 1};

    /** First subblock of each partition, per split type. */
    private static final int[][] SPLIT_FIRST_BLOCK = {
        {0, 8}, {0, 2}, {0, 2, 8, 10}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}};
    /** Subblocks of each partition, consecutively, per split type. */
    private static final int[][] SPLIT_FILL = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15},
        {0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15},
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}};
    private static final int[] SPLIT_COUNT = {2, 2, 4, 16};

    private static final int MARGIN = NearMvs.MARGIN;

    /** The implied subblock mode of a non-B_PRED intra macroblock, for key-frame subblock mode contexts. */
    private static final int[] IMPLIED_BMODE = {
        Modes.B_DC_PRED, Modes.B_VE_PRED, Modes.B_HE_PRED, Modes.B_TM_PRED, Modes.B_DC_PRED,
        Modes.B_DC_PRED, Modes.B_DC_PRED, Modes.B_DC_PRED, Modes.B_DC_PRED, Modes.B_DC_PRED};

    private final NearMvs nearMvs = new NearMvs();

    /**
     * Parses the headers of all macroblocks into {@code info}; segment ids go to {@code segmentMap} when the frame
     * updates the map (zeros on a key frame that does not).
     */
    void parse(BoolDecoder bd, FrameHeader h, StreamState state, MacroblockInfo info, byte[] segmentMap) {
        Segmentation seg = state.segmentation;
        nearMvs.setSignBias(h.signBiasGolden, h.signBiasAltRef);
        int rows = info.mbRows;
        int cols = info.mbCols;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = info.index(r, c);
                if (seg.updateMap) {
                    int[] p = seg.treeProbs;
                    segmentMap[i] = (byte) (bd.readBool(p[0]) == 0 ? bd.readBool(p[1]) : 2 + bd.readBool(p[2]));
                } else if (h.keyFrame) {
                    segmentMap[i] = 0;
                }
                info.skip[i] = (byte) (h.mbNoCoeffSkip ? bd.readBool(h.probSkipFalse) : 0);
                if (h.keyFrame) {
                    parseKeyFrameModes(bd, info, i);
                } else {
                    parseInterFrameModes(bd, h, state.entropy, info, i, r, c);
                }
            }
        }
    }

    private static void parseKeyFrameModes(BoolDecoder bd, MacroblockInfo info, int i) {
        info.refFrame[i] = Modes.INTRA_FRAME;
        int ymode = bd.readTree(KF_YMODE_TREE, KF_YMODE_PROBS, 0);
        info.yMode[i] = (byte) ymode;
        if (ymode == B_PRED) {
            int[] sub = info.sub;
            int above = i - info.stride;
            int left = i - 1;
            for (int b = 0; b < 16; b++) {
                int a = b < 4 ? neighbourBmode(info, above, b + 12) : sub[i * 16 + b - 4];
                int l = (b & 3) == 0 ? neighbourBmode(info, left, b + 3) : sub[i * 16 + b - 1];
                sub[i * 16 + b] = bd.readTree(BMODE_TREE, Vp8Tables.KF_BMODE_PROBS, (a * 10 + l) * 9);
            }
        }
        info.uvMode[i] = (byte) bd.readTree(UV_MODE_TREE, KF_UV_MODE_PROBS, 0);
    }

    static int neighbourBmode(MacroblockInfo info, int mb, int b) {
        int mode = info.yMode[mb];
        return mode == B_PRED ? info.sub[mb * 16 + b] : IMPLIED_BMODE[mode];
    }

    private void parseInterFrameModes(BoolDecoder bd, FrameHeader h, EntropyContext ec, MacroblockInfo info, int i,
                                      int mbRow, int mbCol) {
        if (bd.readBool(h.probIntra) == 0) {
            info.refFrame[i] = Modes.INTRA_FRAME;
            info.mv[i] = 0;
            info.needClamp[i] = 0;
            int ymode = bd.readTree(YMODE_TREE, ec.ymodeProbs, 0);
            info.yMode[i] = (byte) ymode;
            if (ymode == B_PRED) {
                for (int b = 0; b < 16; b++) {
                    info.sub[i * 16 + b] = bd.readTree(BMODE_TREE, BMODE_PROBS, 0);
                }
            }
            info.uvMode[i] = (byte) bd.readTree(UV_MODE_TREE, ec.uvModeProbs, 0);
            return;
        }
        int ref = bd.readBool(h.probLast) == 0 ? Modes.LAST_FRAME : 2 + bd.readBool(h.probGolden);
        info.refFrame[i] = (byte) ref;
        info.needClamp[i] = 0;

        // Distances to the frame edges in 1/8 pel, for clamping (RFC 6386 section 16.3 / libvpx xd->mb_to_*).
        int toLeft = -((mbCol * 16) << 3);
        int toRight = ((info.mbCols - 1 - mbCol) * 16) << 3;
        int toTop = -((mbRow * 16) << 3);
        int toBottom = ((info.mbRows - 1 - mbRow) * 16) << 3;

        NearMvs nm = nearMvs;
        nm.find(info, i, ref);
        int[] near = nm.near;
        int[] cnt = nm.counts;
        int[] modeContexts = Vp8Tables.MODE_CONTEXTS;
        if (bd.readBool(modeContexts[cnt[0] * 4]) == 0) {
            info.yMode[i] = ZEROMV;
            info.mv[i] = 0;
            return;
        }
        if (bd.readBool(modeContexts[cnt[1] * 4 + 1]) == 0) {
            info.yMode[i] = NEARESTMV;
            info.mv[i] = NearMvs.clamp(near[1], toLeft, toRight, toTop, toBottom);
            return;
        }
        if (bd.readBool(modeContexts[cnt[2] * 4 + 2]) == 0) {
            info.yMode[i] = NEARMV;
            info.mv[i] = NearMvs.clamp(near[2], toLeft, toRight, toTop, toBottom);
            return;
        }
        int best = NearMvs.clamp(near[nm.bestIndex()], toLeft, toRight, toTop, toBottom);
        int splitCount = nm.splitCount;
        int[] mvProbs = ec.mvProbs;
        if (bd.readBool(modeContexts[splitCount * 4 + 3]) == 0) {
            int row = readMvComponent(bd, mvProbs, 0) * 2 + mvRow(best);
            int col = readMvComponent(bd, mvProbs, 19) * 2 + mvCol(best);
            int m = mv(row, col);
            info.yMode[i] = NEWMV;
            info.mv[i] = m;
            info.needClamp[i] = (byte) (outOfBounds(m, toLeft - MARGIN, toRight + MARGIN, toTop - MARGIN,
                    toBottom + MARGIN) ? 1 : 0);
            return;
        }
        parseSplit(bd, info, i, best, mvProbs, toLeft - MARGIN, toRight + MARGIN, toTop - MARGIN,
                toBottom + MARGIN);
    }

    private static void parseSplit(BoolDecoder bd, MacroblockInfo info, int i, int best, int[] mvProbs, int minCol,
                                   int maxCol, int minRow, int maxRow) {
        int s;
        if (bd.readBool(110) == 0) {
            s = 3;
        } else if (bd.readBool(111) == 0) {
            s = 2;
        } else {
            s = bd.readBool(150);
        }
        int[] sub = info.sub;
        int base = i * 16;
        int leftMb = i - 1;
        int aboveMb = i - info.stride;
        boolean leftSplit = info.yMode[leftMb] == SPLITMV;
        boolean aboveSplit = info.yMode[aboveMb] == SPLITMV;
        int[] first = SPLIT_FIRST_BLOCK[s];
        int fillCount = SPLIT_COUNT[s] == 16 ? 1 : 16 / SPLIT_COUNT[s];
        int[] fill = SPLIT_FILL[s];
        boolean needClamp = false;
        for (int j = 0; j < first.length; j++) {
            int k = first[j];
            int leftMv;
            if ((k & 3) == 0) {
                leftMv = leftSplit ? sub[leftMb * 16 + k + 3] : info.mv[leftMb];
            } else {
                leftMv = sub[base + k - 1];
            }
            int aboveMv;
            if (k < 4) {
                aboveMv = aboveSplit ? sub[aboveMb * 16 + k + 12] : info.mv[aboveMb];
            } else {
                aboveMv = sub[base + k - 4];
            }
            int ctx = ((aboveMv == 0 ? 1 : 0) << 2 | (leftMv == 0 ? 1 : 0) << 1 | (leftMv == aboveMv ? 1 : 0)) * 3;
            int blockMv;
            if (bd.readBool(SUB_MV_REF_PROBS[ctx]) == 0) {
                blockMv = leftMv;
            } else if (bd.readBool(SUB_MV_REF_PROBS[ctx + 1]) == 0) {
                blockMv = aboveMv;
            } else if (bd.readBool(SUB_MV_REF_PROBS[ctx + 2]) == 0) {
                blockMv = 0;
            } else {
                int row = readMvComponent(bd, mvProbs, 0) * 2 + mvRow(best);
                int col = readMvComponent(bd, mvProbs, 19) * 2 + mvCol(best);
                blockMv = mv(row, col);
            }
            needClamp |= outOfBounds(blockMv, minCol, maxCol, minRow, maxRow);
            for (int f = j * fillCount, e = f + fillCount; f < e; f++) {
                sub[base + fill[f]] = blockMv;
            }
        }
        info.yMode[i] = SPLITMV;
        info.partitioning[i] = (byte) s;
        info.mv[i] = sub[base + 15];
        info.needClamp[i] = (byte) (needClamp ? 1 : 0);
    }

    /** One motion vector component in quarter pels (RFC 6386 section 17.2). */
    private static int readMvComponent(BoolDecoder bd, int[] p, int base) {
        int x;
        if (bd.readBool(p[base]) != 0) {
            x = 0;
            for (int i = 0; i < 3; i++) {
                x += bd.readBool(p[base + 9 + i]) << i;
            }
            for (int i = 9; i > 3; i--) {
                x += bd.readBool(p[base + 9 + i]) << i;
            }
            if ((x & 0xfff0) == 0 || bd.readBool(p[base + 9 + 3]) != 0) {
                x += 8;
            }
        } else {
            x = bd.readTree(SMALL_MV_TREE, p, base + 2);
        }
        if (x != 0 && bd.readBool(p[base + 1]) != 0) {
            x = -x;
        }
        return x;
    }

    private static boolean outOfBounds(int m, int minCol, int maxCol, int minRow, int maxRow) {
        int col = mvCol(m);
        int row = mvRow(m);
        return col < minCol || col > maxCol || row < minRow || row > maxRow;
    }
}
